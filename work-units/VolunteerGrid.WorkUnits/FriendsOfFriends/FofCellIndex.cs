using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace VolunteerGrid.WorkUnits.FriendsOfFriends;

/// <summary>
/// Particles sorted into the occupied cells of a <see cref="FofGrid"/>: a counting sort by row
/// (cx, cy), then each row sorted by cz. Memory is O(N) ints plus one int per grid row, and no
/// per-particle 64-bit key is ever stored (Creasey 2018 hashes cells for the same reason).
/// </summary>
internal sealed class FofCellIndex<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Particle indices in cell order.</summary>
    public required int[] Order { get; init; }

    /// <summary>N ints the builder no longer needs; the linker reuses them as the union-find forest.</summary>
    public required int[] Scratch { get; init; }

    /// <summary>First slot in <see cref="Order"/> of each cell; one extra entry = N.</summary>
    public required int[] CellStart { get; init; }

    /// <summary>
    /// cz of each cell (cells of one row are in increasing cz), then <see cref="Padding"/>
    /// spare entries so the linker's 8-lane loads past a row's last cell stay in the array.
    /// </summary>
    public required int[] CellZ { get; init; }

    /// <summary>Spare entries at the end of <see cref="CellZ"/> and of each axis of <see cref="Sorted"/>.</summary>
    public const int Padding = 8;

    /// <summary>First cell of each row (row = cx * M + cy); one extra entry = cell count.</summary>
    public required int[] RowCellStart { get; init; }

    /// <summary>
    /// Positions in cell order, structure of arrays: all x, then all y, then all z, each axis
    /// <see cref="Stride"/> entries long (N and <see cref="Padding"/> spare entries, so a
    /// four-wide load past the last particle stays in the array). The pair tests then stream
    /// through memory instead of jumping through <see cref="Order"/> into the caller's array,
    /// which made the linking phase memory-latency bound (12 bytes per float32 particle buys
    /// ~3× speed), and the particles of consecutive cells load as vectors.
    /// </summary>
    public required T[]? Sorted { get; set; }

    /// <summary>Entries per axis in <see cref="Sorted"/>.</summary>
    public required int Stride { get; init; }

    public int CellCount => CellZ.Length - Padding;

    // The counting sort and the cell loops run once per call: JIT them optimised at once (tier 0
    // with on-stack replacement ran them measurably slower in the stage profile).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static FofCellIndex<T> Build(ReadOnlyMemory<T> xyz, FofGrid grid, double box, ParallelOptions options, FofStageTimes? stages = null)
    {
        var n = xyz.Length / 3;
        var m = grid.CellsPerSide;
        var perLength = m / box;
        var scratch = new int[n];
        var chunk = Math.Max(4096, n / (8 * Math.Max(1, options.MaxDegreeOfParallelism)) + 1);
        Parallel.ForEach(Partitioner.Create(0, n, chunk), options, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (range) =>
        {
            var p = xyz.Span;
            for (var i = range.Item1; i < range.Item2; i++)
                scratch[i] = Axis(p[3 * i], perLength, m) * m + Axis(p[3 * i + 1], perLength, m);
        });
        stages?.Mark("index: row keys");

        // Counting sort by row. Sequential and stable: a few ms per million particles, no atomics.
        var rowStart = new int[m * m + 1];
        foreach (var row in scratch)
            rowStart[row + 1]++;
        for (var r = 0; r < m * m; r++)
            rowStart[r + 1] += rowStart[r];
        var order = new int[n];
        for (var i = 0; i < n; i++)
            order[rowStart[scratch[i]]++] = i;
        for (var r = m * m; r > 0; r--)
            rowStart[r] = rowStart[r - 1];
        rowStart[0] = 0;
        stages?.Mark("index: counting sort by row");

        // Copy the positions into slot order, and the cz of each slot into scratch, in one flat
        // loop: its iterations are independent, so the core keeps many of the random reads of
        // the caller's array in flight (inside the per-row loop below, behind the sort's
        // branches, it managed one or two and this copy was the slowest step of the index).
        var rows = m * m;
        var stride = n + Padding;
        var sorted = new T[3 * stride];
        Parallel.ForEach(Partitioner.Create(0, n, chunk), options, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (range) =>
        {
            var p = xyz.Span;
            for (var k = range.Item1; k < range.Item2; k++)
            {
                var i = 3 * order[k];
                T x = p[i], y = p[i + 1], z = p[i + 2];
                sorted[k] = x;
                sorted[stride + k] = y;
                sorted[2 * stride + k] = z;
                scratch[k] = Axis(z, perLength, m);
            }
        });
        stages?.Mark("index: gather positions + cz");

        // Sort each row by cz (scratch), carrying the particle index and the positions along, and
        // count each chunk's cells while its rows are hot in cache. The range partitioner cuts
        // [0, rows) at multiples of rowChunk, so a range's chunk is its start / rowChunk.
        var rowChunk = Math.Max(256, rows / 256 + 1);
        var chunks = (rows + rowChunk - 1) / rowChunk;
        var chunkCell = new int[chunks + 1];
        var chunkSlot = new int[chunks + 1];
        Parallel.ForEach(Partitioner.Create(0, rows, rowChunk), options, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (range) =>
        {
            var p = xyz.Span;
            var cells = 0;
            for (var r = range.Item1; r < range.Item2; r++)
            {
                int start = rowStart[r], length = rowStart[r + 1] - start;
                if (length < 2)
                {
                    cells += length;
                    continue;
                }
                // Rows hold ~1 particle outside haloes: an inline insertion sort beats a call to
                // Array.Sort (its per-call overhead dominated this phase at 1e6 particles).
                if (length <= 16)
                {
                    InsertionSort(scratch, order, sorted, stride, start, start + length);
                }
                else
                {
                    Array.Sort(scratch, order, start, length);
                    for (var k = start; k < start + length; k++)
                    {
                        var i = 3 * order[k];
                        sorted[k] = p[i];
                        sorted[stride + k] = p[i + 1];
                        sorted[2 * stride + k] = p[i + 2];
                    }
                }
                cells++;
                for (var k = start + 1; k < start + length; k++)
                    cells += scratch[k] != scratch[k - 1] ? 1 : 0;
            }
            var chunk = range.Item1 / rowChunk;
            chunkCell[chunk + 1] = cells;
            chunkSlot[chunk] = rowStart[range.Item1];
        });
        stages?.Mark("index: sort rows by cz");

        for (var k = 0; k < chunks; k++)
            chunkCell[k + 1] += chunkCell[k];
        chunkSlot[chunks] = n;
        var cellCount = chunkCell[chunks];
        var cellStart = new int[cellCount + 1];
        var cellZ = new int[cellCount + Padding];
        // Number the cells, chunk by chunk in parallel; rowStart turns from first slot into first
        // cell of each row. A chunk reads the next chunk's first slot from chunkSlot, as that
        // chunk may already have overwritten its rowStart entry.
        Parallel.ForEach(Partitioner.Create(0, rows, rowChunk), options, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (range) =>
        {
            var chunk = range.Item1 / rowChunk;
            var c = chunkCell[chunk];
            var particleStart = chunkSlot[chunk];
            for (var r = range.Item1; r < range.Item2; r++)
            {
                var particleEnd = r + 1 < range.Item2 ? rowStart[r + 1] : chunkSlot[chunk + 1];
                rowStart[r] = c;
                for (var k = particleStart; k < particleEnd; k++)
                {
                    if (k == particleStart || scratch[k] != scratch[k - 1])
                    {
                        cellStart[c] = k;
                        cellZ[c] = scratch[k];
                        c++;
                    }
                }
                particleStart = particleEnd;
            }
        });
        rowStart[rows] = cellCount;
        cellStart[cellCount] = n;
        stages?.Mark("index: cells");
        return new FofCellIndex<T> { Sorted = sorted, Stride = stride, Order = order, Scratch = scratch, CellStart = cellStart, CellZ = cellZ, RowCellStart = rowStart };
    }

    // Stable insertion sort of slots [start, end) by key, moving the particle index and the three
    // coordinates (structure of arrays, stride apart) with each key.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void InsertionSort(int[] keys, int[] items, T[] sorted, int stride, int start, int end)
    {
        for (var i = start + 1; i < end; i++)
        {
            int key = keys[i], item = items[i];
            T x = sorted[i], y = sorted[stride + i], z = sorted[2 * stride + i];
            var j = i - 1;
            while (j >= start && keys[j] > key)
            {
                keys[j + 1] = keys[j];
                items[j + 1] = items[j];
                sorted[j + 1] = sorted[j];
                sorted[stride + j + 1] = sorted[stride + j];
                sorted[2 * stride + j + 1] = sorted[2 * stride + j];
                j--;
            }
            keys[j + 1] = key;
            items[j + 1] = item;
            sorted[j + 1] = x;
            sorted[stride + j + 1] = y;
            sorted[2 * stride + j + 1] = z;
        }
    }

    /// <summary>Cell index along one axis of a coordinate already checked to lie in [0, L).</summary>
    public static int Axis(T coordinate, double perLength, int cells)
    {
        var c = (int)(double.CreateTruncating(coordinate) * perLength);
        return c < cells ? c : cells - 1;
    }
}
