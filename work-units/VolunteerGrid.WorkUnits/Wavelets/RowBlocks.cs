namespace VolunteerGrid.WorkUnits.Wavelets;

/// <summary>
/// Parallel.For over blocks of rows with per-worker scratch, so small rows do not pay the
/// scheduling cost one by one and no buffer is allocated per row.
/// </summary>
internal static class RowBlocks
{
    private const int RowsPerBlock = 8;

    public static void For<TScratch>(int count, ParallelOptions options, Func<TScratch> scratch, Action<int, int, TScratch> body) =>
        For(count, options, RowsPerBlock, scratch, body);

    public static void For<TScratch>(int count, ParallelOptions options, int rowsPerBlock, Func<TScratch> scratch, Action<int, int, TScratch> body)
    {
        var blocks = (count + rowsPerBlock - 1) / rowsPerBlock;
        if (blocks <= 1 || options.MaxDegreeOfParallelism == 1)
        {
            body(0, count, scratch());
            return;
        }
        Parallel.For(0, blocks, options, scratch, (b, _, s) =>
        {
            var start = b * rowsPerBlock;
            body(start, Math.Min(count, start + rowsPerBlock), s);
            return s;
        }, _ => { });
    }
}
