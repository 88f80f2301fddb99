namespace VolunteerGrid.WorkUnits.Reprojection;

/// <summary>
/// Edge slopes (S, T, Q of <see cref="EdgeSlopes"/>) for a corner grid whose corner rows and columns
/// are straight lines, as a TAN→TAN homography makes them (a projective map keeps lines straight):
/// every edge along a line has the line's slope, taken once from the line's two far ends (better
/// conditioned than from one pixel's corners) instead of once per edge. Columns run with increasing
/// row, rows with increasing column, as the kernels' bottom and right edges do.
/// </summary>
internal sealed class StraightLines
{
    private StraightLines(int columns, int rows)
    {
        ColumnS = new double[columns];
        ColumnT = new double[columns];
        ColumnQ = new double[columns];
        RowS = new double[rows];
        RowT = new double[rows];
        RowQ = new double[rows];
    }

    public double[] ColumnS { get; }

    public double[] ColumnT { get; }

    public double[] ColumnQ { get; }

    public double[] RowS { get; }

    public double[] RowT { get; }

    public double[] RowQ { get; }

    public static StraightLines Of(double[] u, double[] v, int columns, int rows)
    {
        var lines = new StraightLines(columns, rows);
        var last = (rows - 1) * columns;
        EdgeSlopes.Fill(u.AsSpan(0, columns), v.AsSpan(0, columns), u.AsSpan(last, columns), v.AsSpan(last, columns),
            lines.ColumnS, lines.ColumnT, lines.ColumnQ);
        var ax = new double[rows];
        var ay = new double[rows];
        var bx = new double[rows];
        var by = new double[rows];
        for (var r = 0; r < rows; r++)
        {
            (ax[r], ay[r]) = (u[r * columns], v[r * columns]);
            (bx[r], by[r]) = (u[(r * columns) + columns - 1], v[(r * columns) + columns - 1]);
        }
        EdgeSlopes.Fill(ax, ay, bx, by, lines.RowS, lines.RowT, lines.RowQ);
        return lines;
    }
}
