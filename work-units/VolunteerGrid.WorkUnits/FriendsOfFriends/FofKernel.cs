using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace VolunteerGrid.WorkUnits.FriendsOfFriends;

/// <summary>
/// Friends-of-Friends in a periodic box (Davis et al. 1985): particles closer than the linking
/// length are friends, and groups are the connected components of the friend graph, so the
/// partition is unique for a given linking length. The method is Creasey 2018 (spatial hashing,
/// cells of side ≤ ll/√3 that are linked whole) with a lock-free union-find over cells, run on
/// all cores; memory is about 28 bytes per float32 particle (40 for float64) plus the int32 labels.
/// Pure: positions in, labels out; no files.
/// </summary>
public static class FofKernel
{
    /// <summary>
    /// Links <paramref name="xyz"/> (x, y, z interleaved, every coordinate in [0, box)) and
    /// returns, for every particle, the smallest particle index of its group — a canonical
    /// form of the partition, so two partitions are equal iff the label arrays are equal.
    /// <paramref name="stages"/>, when given, records the time of each stage (profiling).
    /// </summary>
    public static int[] Link<T>(ReadOnlyMemory<T> xyz, double box, double linkingLength, ParallelOptions? options = null, FofStageTimes? stages = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        options ??= new ParallelOptions();
        if (!(box > 0) || double.IsInfinity(box))
            throw new ArgumentOutOfRangeException(nameof(box), box, "the box size must be a positive finite number");
        if (xyz.Length % 3 != 0)
            throw new ArgumentException($"positions hold {xyz.Length} values, not a multiple of 3 (x, y, z per particle)", nameof(xyz));
        var outside = ParticleChecks.FirstOutsideBox(xyz.Span, box);
        if (outside >= 0)
            throw new ArgumentOutOfRangeException(nameof(xyz), $"particle {outside} is NaN or outside [0, {box}); wrap positions into the box first");
        var n = xyz.Length / 3;
        var grid = FofGrid.Create(box, linkingLength, n);
        stages?.Mark("checks");
        var index = FofCellIndex<T>.Build(xyz, grid, box, options, stages);
        var parent = index.Scratch.AsSpan(0, index.CellCount);
        ConcurrentUnionFind.Reset(parent);
        LinkCells(index, grid, box, linkingLength, options);
        stages?.Mark("link cells");
        // The sorted copy is dead now: let the GC reclaim it for the labels array.
        index.Sorted = null;
        var labels = Labels(index, n, options, stages);
        stages?.Mark("labels: write");
        return labels;
    }

    private static void LinkCells<T>(FofCellIndex<T> index, FofGrid grid, double box, double linkingLength, ParallelOptions options)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var m = grid.CellsPerSide;
        var rows = m * m;
        var linker = new CellLinker<T>(index, grid, box, linkingLength * linkingLength, singleThreaded: options.MaxDegreeOfParallelism == 1);
        Parallel.ForEach(Partitioner.Create(0, rows, Math.Max(64, rows / 1024 + 1)), options, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (range) =>
        {
            var rowCell = index.RowCellStart;
            int cx = range.Item1 / m, cy = range.Item1 % m;
            for (var row = range.Item1; row < range.Item2; row++, cy++)
            {
                if (cy == m)
                {
                    cy = 0;
                    cx++;
                }
                if (rowCell[row] != rowCell[row + 1])
                    linker.LinkRow(cx, cy, rowCell[row], rowCell[row + 1]);
            }
        });
    }

    private static int[] Labels<T>(FofCellIndex<T> index, int n, ParallelOptions options, FofStageTimes? stages)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var parent = index.Scratch;
        var cells = index.CellCount;
        // CellZ is no longer needed: reuse it for the smallest particle index of each root.
        var rootMin = index.CellZ;
        Array.Fill(rootMin, int.MaxValue);
        var chunk = Math.Max(1024, cells / 256 + 1);
        var singleThreaded = options.MaxDegreeOfParallelism == 1;
        Parallel.ForEach(Partitioner.Create(0, cells, chunk), options, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (range) =>
        {
            for (var c = range.Item1; c < range.Item2; c++)
            {
                var smallest = int.MaxValue;
                for (var k = index.CellStart[c]; k < index.CellStart[c + 1]; k++)
                    smallest = Math.Min(smallest, index.Order[k]);
                ref var slot = ref rootMin[ConcurrentUnionFind.Find(parent, c)];
                if (singleThreaded)
                {
                    // No other thread writes: a plain minimum, not a locked compare-and-swap per cell.
                    slot = Math.Min(slot, smallest);
                    continue;
                }
                var seen = Volatile.Read(ref slot);
                while (smallest < seen)
                {
                    var was = Interlocked.CompareExchange(ref slot, smallest, seen);
                    if (was == seen)
                        break;
                    seen = was;
                }
            }
        });
        stages?.Mark("labels: smallest index per root");
        var labels = new int[n];
        Parallel.ForEach(Partitioner.Create(0, cells, chunk), options, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (range) =>
        {
            for (var c = range.Item1; c < range.Item2; c++)
            {
                var label = rootMin[ConcurrentUnionFind.Find(parent, c)];
                for (var k = index.CellStart[c]; k < index.CellStart[c + 1]; k++)
                    labels[index.Order[k]] = label;
            }
        });
        return labels;
    }
}
