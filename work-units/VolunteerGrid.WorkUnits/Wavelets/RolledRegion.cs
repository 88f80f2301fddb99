namespace VolunteerGrid.WorkUnits.Wavelets;

/// <summary>
/// Rows [Row0, Row0 + Rows) × columns [Col0, Col0 + Cols) of np.roll(Image, (Dy, Dx)), read in
/// place: rolled pixel (r, c) is Image[(r − Dy) mod rows, (c − Dx) mod cols]. The first analysis
/// level reads it directly, so a cycle-spin shift costs no rolled copy of the image.
/// </summary>
internal readonly record struct RolledRegion(Plane Image, int Dy, int Dx, int Row0, int Col0, int Rows, int Cols)
{
    /// <summary>The whole plane, unrolled.</summary>
    public static RolledRegion Whole(Plane plane) => new(plane, 0, 0, 0, 0, plane.Rows, plane.Cols);

    /// <summary>Offset in Image.Data of the start of the source row behind region row <paramref name="row"/>.</summary>
    public int SourceRowOffset(int row) => Mod(Row0 + row - Dy, Image.Rows) * Image.Cols;

    /// <summary>The region's columns as at most two runs of source columns (Cols ≤ Image.Cols).</summary>
    public int ColumnRuns(Span<ColumnRun> runs)
    {
        var count = 0;
        var c = 0;
        while (c < Cols)
        {
            var source = Mod(Col0 + c - Dx, Image.Cols);
            var length = Math.Min(Cols - c, Image.Cols - source);
            runs[count++] = new ColumnRun(c, source, length);
            c += length;
        }
        return count;
    }

    public static int Mod(int a, int n)
    {
        var m = a % n;
        return m < 0 ? m + n : m;
    }
}
