namespace VolunteerGrid.WorkUnits.FriendsOfFriends;

/// <summary>
/// Consecutive rows of the half stencil, (Dx, DyFirst) … (Dx, DyFirst + Rows − 1), that share one
/// cz offset range: unless it wraps in y, such a column's neighbour rows are consecutive grid rows,
/// so their cells are one run of the cell arrays that a single vector compare can search.
/// FirstRow is the index of its first row in the stencil.
/// </summary>
internal readonly record struct FofStencilColumn(int Dx, int DyFirst, int Rows, int DzLow, int DzHigh, int FirstRow)
{
    /// <summary>Groups <paramref name="rows"/> (dx-major, dy ascending, as FofGrid lists them) into columns.</summary>
    public static FofStencilColumn[] Group(IReadOnlyList<FofStencilRow> rows)
    {
        var columns = new List<FofStencilColumn>();
        for (var k = 0; k < rows.Count; k++)
        {
            var r = rows[k];
            if (columns.Count > 0 && columns[^1] is var last && last.Dx == r.Dx && last.DyFirst + last.Rows == r.Dy
                && last.DzLow == r.DzLow && last.DzHigh == r.DzHigh)
            {
                columns[^1] = last with { Rows = last.Rows + 1 };
                continue;
            }
            columns.Add(new FofStencilColumn(r.Dx, r.Dy, 1, r.DzLow, r.DzHigh, k));
        }
        return [.. columns];
    }
}
