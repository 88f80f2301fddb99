using VolunteerGrid.WorkUnits.Background;

namespace VolunteerGrid.WorkUnits.Reprojection.OpenCl;

/// <summary>
/// Where, in the input, an output pixel's contributors lie: a projective map from the output window
/// plane back to input corner indices, fitted to the corner grid's four outer corners, and how far it
/// strays from the grid (<see cref="Margin"/>). For TAN→TAN the map is exact (see
/// <see cref="PlaneHomography"/>) and the margin is rounding; for other projections the fast method is
/// only chosen where edges are nearly straight, so the margin stays small. Every grid corner is
/// checked, so an input pixel that touches an output pixel is never missed: its corners map to within
/// the margin of its own indices, and the output pixel's pre-image bounds the search.
/// </summary>
internal sealed class CandidateMap
{
    /// <summary>Beyond this the search box grows too big to pay; the CPU kernel is used instead.</summary>
    public const double MaxMargin = 4;

    private CandidateMap(double[] coefficients, double margin)
    {
        Coefficients = coefficients;
        Margin = margin;
    }

    /// <summary>h0…h7, then the centre (u, v) and scale the plane is normalised by.</summary>
    public double[] Coefficients { get; }

    public double Margin { get; }

    public static CandidateMap? TryFit(CornerGrid grid)
    {
        var columns = grid.Columns;
        var rows = grid.Rows;
        int[] ci = [0, columns - 1, columns - 1, 0];
        int[] cj = [0, 0, rows - 1, rows - 1];
        var u = new double[4];
        var v = new double[4];
        for (var p = 0; p < 4; p++)
        {
            u[p] = grid.U[(cj[p] * columns) + ci[p]];
            v[p] = grid.V[(cj[p] * columns) + ci[p]];
        }
        if (!double.IsFinite(u.Sum() + v.Sum()))
            return null;
        var cu = u.Average();
        var cv = v.Average();
        var scale = Math.Max(1, Math.Max(u.Max() - u.Min(), v.Max() - v.Min()));
        var a = new double[8, 8];
        var b = new double[8, 1];
        for (var p = 0; p < 4; p++)
        {
            var x = (u[p] - cu) / scale;
            var y = (v[p] - cv) / scale;
            double[] ri = [x, y, 1, 0, 0, 0, -x * ci[p], -y * ci[p]];
            double[] rj = [0, 0, 0, x, y, 1, -x * cj[p], -y * cj[p]];
            for (var k = 0; k < 8; k++)
            {
                a[2 * p, k] = ri[k];
                a[(2 * p) + 1, k] = rj[k];
            }
            b[2 * p, 0] = ci[p];
            b[(2 * p) + 1, 0] = cj[p];
        }
        double[,] solution;
        try
        {
            solution = DenseSolver.Solve(a, b);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
        var h = new double[11];
        for (var k = 0; k < 8; k++)
            h[k] = solution[k, 0];
        (h[8], h[9], h[10]) = (cu, cv, scale);
        var margin = Deviation(grid, h);
        return margin <= MaxMargin ? new CandidateMap(h, margin + 1e-6) : null;
    }

    /// <summary>Largest distance (input pixels) between the map and the grid, over every finite corner.</summary>
    private static double Deviation(CornerGrid grid, double[] h)
    {
        var columns = grid.Columns;
        var worst = 0.0;
        var sign = 0;
        for (var j = 0; j < grid.Rows; j++)
        {
            for (var i = 0; i < columns; i++)
            {
                var u = (grid.U[(j * columns) + i] - h[8]) / h[10];
                var v = (grid.V[(j * columns) + i] - h[9]) / h[10];
                if (!double.IsFinite(u + v))
                    continue;
                var d = (h[6] * u) + (h[7] * v) + 1.0;
                // The map must not pass through its line at infinity inside the image.
                var s = Math.Sign(d);
                if (s == 0 || (sign != 0 && s != sign))
                    return double.PositiveInfinity;
                sign = s;
                var x = ((h[0] * u) + (h[1] * v) + h[2]) / d;
                var y = ((h[3] * u) + (h[4] * v) + h[5]) / d;
                worst = Math.Max(worst, Math.Max(Math.Abs(x - i), Math.Abs(y - j)));
            }
        }
        return worst;
    }
}
