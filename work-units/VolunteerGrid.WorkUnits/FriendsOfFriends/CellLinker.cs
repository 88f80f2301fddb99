using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VolunteerGrid.WorkUnits.FriendsOfFriends;

/// <summary>Tests and links pairs of cells; shared read-only state of one <see cref="FofKernel"/> run.</summary>
/// <remarks>
/// Most windows (a cell's cz range in one neighbour row) are empty or hold one or two cells, so
/// a scalar sweep spent its time on mispredicted loop exits rather than on tests. With
/// Vector256 a window is found with one compare of the next 8 cz values of the neighbour row:
/// cells of a row have distinct cz, and a window is at most 2R + 1 ≤ 5 cells wide when ll is
/// small against the box, so 8 lanes hold it whole. <see cref="FofCellIndex{T}.CellZ"/> is
/// padded by <see cref="FofCellIndex{T}.Padding"/> entries so the loads never leave the array.
/// </remarks>
// singleThreaded: only one thread links (MaxDegreeOfParallelism = 1), so unions need no atomics.
internal sealed class CellLinker<T>(FofCellIndex<T> index, FofGrid grid, double box, double linkingLengthSquared, bool singleThreaded)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly int _cellsPerSide = grid.CellsPerSide;
    private readonly FofStencilRow[] _stencil = [.. grid.Rows];
    private readonly FofStencilColumn[] _columns = FofStencilColumn.Group(grid.Rows);
    private readonly PairTests<T> _tests = new(index.Sorted!, index.Stride, box, linkingLengthSquared);

    // Cells less than R apart (not across a face) hold particles at most (R + 1) cells apart per
    // axis; with M >= 2R + 3 that is below half the box by a wide margin, so the periodic fold is
    // the identity for them and their pair tests skip it (the same results, bit for bit).
    private readonly bool _alwaysFold = grid.CellsPerSide < 2 * grid.Reach + 3;

    // Windows with at most this many particles, and this many pair tests, are tested as one run
    // of particles (their cells are consecutive) with one friend mask per particle of a, after
    // skipping the leading cells already in a's group; larger windows are tested cell by cell.
    private const int GeometryFirstParticles = 32;
    private const int GeometryFirstPairs = 64;

    // A column whose neighbour rows hold at most this many cells in all is searched whole, with
    // up to four 8-lane compares per cell, instead of row by row (outside haloes a column of 5 rows holds
    // ~3 cells, and 13 row look-ups per cell cost more than the tests they lead to).
    private const int ColumnScanCells = 32;

    /// <summary>
    /// Links every cell of row (<paramref name="cx"/>, <paramref name="cy"/>), cells
    /// [<paramref name="first"/>, <paramref name="end"/>), with its friend cells in the rows of
    /// the half stencil.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void LinkRow(int cx, int cy, int first, int end)
    {
        if (!Vector256.IsHardwareAccelerated)
        {
            LinkStencilRows(cx, cy, first, end, 0, _stencil.Length);
            return;
        }
        var m = _cellsPerSide;
        var rowCell = index.RowCellStart;
        foreach (var column in _columns)
        {
            var ny = cy + column.DyFirst;
            if (ny >= 0 && ny + column.Rows <= m)
            {
                var nx = cx + column.Dx;
                var acrossFace = _alwaysFold | nx >= m;
                nx = nx >= m ? nx - m : nx;
                var row = nx * m + ny;
                int c0 = rowCell[row], c1 = rowCell[row + column.Rows];
                if (c1 - c0 <= ColumnScanCells)
                {
                    if (c0 != c1)
                        ScanColumn(first, end, c0, c1, column.DzLow, column.DzHigh, acrossFace);
                    continue;
                }
            }
            LinkStencilRows(cx, cy, first, end, column.FirstRow, column.FirstRow + column.Rows);
        }
    }

    /// <summary>
    /// Links every cell a of a row [first, end) with its friend cells among the cells [c0, c1)
    /// (at most <see cref="ColumnScanCells"/>, any rows) whose cz lies in the periodic window
    /// [cz(a) + dzLow, cz(a) + dzHigh]. acrossX: the cells meet row a across the x face.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ScanColumn(int first, int end, int c0, int c1, int dzLow, int dzHigh, bool acrossX)
    {
        var m = _cellsPerSide;
        ref var zBase = ref MemoryMarshal.GetArrayDataReference(index.CellZ);
        var lanes = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        var count = c1 - c0;
        // Lanes past c1 are masked off; CellZ's padding keeps the first load in the array, and
        // load k is made only when c0 + 8k < c1, so it ends before c1 + 8.
        var z0 = Vector256.LoadUnsafe(ref zBase, (nuint)c0);
        var z1 = count > 8 ? Vector256.LoadUnsafe(ref zBase, (nuint)(c0 + 8)) : Vector256<int>.Zero;
        var z2 = count > 16 ? Vector256.LoadUnsafe(ref zBase, (nuint)(c0 + 16)) : Vector256<int>.Zero;
        var z3 = count > 24 ? Vector256.LoadUnsafe(ref zBase, (nuint)(c0 + 24)) : Vector256<int>.Zero;
        var valid0 = Vector256.LessThan(lanes, Vector256.Create(count));
        var valid1 = Vector256.LessThan(lanes, Vector256.Create(count - 8));
        var valid2 = Vector256.LessThan(lanes, Vector256.Create(count - 16));
        var valid3 = Vector256.LessThan(lanes, Vector256.Create(count - 24));
        var width = Vector256.Create(dzHigh - dzLow);
        var cells = Vector256.Create(m);
        for (var a = first; a < end; a++)
        {
            var z = Unsafe.Add(ref zBase, a);
            var lo = z + dzLow;
            var from = Vector256.Create(lo);
            // A cell is in the window iff (cz − lo) mod M <= width: one fold either way, as
            // lo >= −R and cz − lo < M + R; the window (<= 2R + 1 <= M cells) holds each cell once.
            var bits = InWindow(z0, from, width, cells, valid0);
            if (count > 8)
            {
                bits |= InWindow(z1, from, width, cells, valid1) << 8;
                if (count > 16)
                    bits |= InWindow(z2, from, width, cells, valid2) << 16 | InWindow(z3, from, width, cells, valid3) << 24;
            }
            if (bits == 0)
                continue;
            var acrossFace = acrossX | lo < 0 | z + dzHigh >= m;
            do
            {
                // Each run of set bits is a run of consecutive cells, so of consecutive particles.
                var start = BitOperations.TrailingZeroCount(bits);
                var length = BitOperations.TrailingZeroCount(~(bits >> start));
                LinkCandidates(a, c0 + start, c0 + start + length, acrossFace);
                // The run was the lowest set bits: clear everything below its end.
                bits = start + length >= 32 ? 0 : bits & (~0u << (start + length));
            }
            while (bits != 0);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint InWindow(Vector256<int> cz, Vector256<int> lo, Vector256<int> width, Vector256<int> cells, Vector256<int> valid)
    {
        var t = cz - lo;
        t += Vector256.LessThan(t, Vector256<int>.Zero) & cells;
        t -= Vector256.GreaterThanOrEqual(t, cells) & cells;
        return (Vector256.LessThanOrEqual(t, width) & valid).ExtractMostSignificantBits();
    }

    // Links the cells of row (cx, cy) with the stencil rows [fromRow, toRow), one row at a time.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void LinkStencilRows(int cx, int cy, int first, int end, int fromRow, int toRow)
    {
        var m = _cellsPerSide;
        var rowCell = index.RowCellStart;
        var lone = end - first == 1 && Vector256.IsHardwareAccelerated;
        for (var k = fromRow; k < toRow; k++)
        {
            var s = _stencil[k];
            // Offsets are at most R < M, so one fold is enough (no integer division).
            var nx = cx + s.Dx;
            var ny = cy + s.Dy;
            var acrossFace = _alwaysFold | nx >= m | ny < 0 | ny >= m;
            nx = nx >= m ? nx - m : nx;
            ny = ny < 0 ? ny + m : ny >= m ? ny - m : ny;
            var neighbourRow = nx * m + ny;
            int n0 = rowCell[neighbourRow], n1 = rowCell[neighbourRow + 1];
            if (lone)
            {
                // Outside haloes a row holds one cell and half its neighbour rows are empty:
                // testing the window straight away spares that unpredictable branch.
                if (LoneWindowMayHoldCells(first, n0, n1, s.DzLow, s.DzHigh))
                    VisitRowPairVector(first, end, n0, n1, s.DzLow, s.DzHigh, acrossFace);
                continue;
            }
            if (n0 == n1)
                continue;
            VisitRowPair(first, end, n0, n1, s.DzLow, s.DzHigh, acrossFace);
        }
    }

    // False only when no cell of the neighbour row [n0, n1) can lie in cell a's window.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool LoneWindowMayHoldCells(int a, int n0, int n1, int dzLow, int dzHigh)
    {
        var cellZ = index.CellZ;
        var z = cellZ[a];
        int lo = z + dzLow, hi = z + dzHigh;
        if (lo < 0 || hi >= _cellsPerSide)
            return n0 != n1;
        var v = Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(cellZ), (nuint)n0);
        var valid = Vector256.LessThan(Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7), Vector256.Create(n1 - n0));
        var inside = Vector256.GreaterThanOrEqual(v, Vector256.Create(lo)) & Vector256.LessThanOrEqual(v, Vector256.Create(hi)) & valid;
        // All 8 lanes valid and below lo: the window may lie further on.
        var allBelow = Vector256.LessThan(v, Vector256.Create(lo)) & valid;
        return inside != Vector256<int>.Zero || allBelow.ExtractMostSignificantBits() == 0xFF;
    }

    /// <summary>Links cell <paramref name="a"/> with every friend cell of row [n0, n1) whose cz is in [lo, hi] (periodic).</summary>
    // Each kernel call runs these loops once: skip tier-0 code (and OSR), JIT them optimised at once.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void VisitWindow(int a, int n0, int n1, int lo, int hi)
    {
        var m = _cellsPerSide;
        if (lo < 0)
        {
            VisitRange(a, n0, n1, lo + m, m - 1);
            VisitRange(a, n0, n1, 0, hi);
        }
        else if (hi >= m)
        {
            VisitRange(a, n0, n1, lo, m - 1);
            VisitRange(a, n0, n1, 0, hi - m);
        }
        else
        {
            VisitRange(a, n0, n1, lo, hi);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void VisitRange(int a, int n0, int n1, int lo, int hi)
    {
        var cellZ = index.CellZ;
        // Rows are short except inside haloes: scan short rows, binary search long ones.
        int left = n0, right = n1;
        if (right - left <= 8)
        {
            while (left < right && cellZ[left] < lo)
                left++;
            right = left;
        }
        while (left < right)
        {
            var mid = (left + right) >>> 1;
            if (cellZ[mid] < lo)
                left = mid + 1;
            else
                right = mid;
        }
        LinkWindow(a, left, n1, hi, acrossFace: true);
    }

    /// <summary>
    /// Links every cell a of a row [first, end) with its friend cells in a neighbour row
    /// [n0, n1) whose cz lies in [cz(a) + dzLow, cz(a) + dzHigh]. Both rows are sorted by cz, so
    /// the windows only move forward: one sweep of the neighbour row serves all cells a (rows
    /// hold ~1 cell outside haloes, and a search per a cost more than the tests it guarded).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void VisitRowPair(int first, int end, int n0, int n1, int dzLow, int dzHigh, bool acrossFace)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            VisitRowPairVector(first, end, n0, n1, dzLow, dzHigh, acrossFace);
            return;
        }
        var cellZ = index.CellZ;
        var m = _cellsPerSide;
        var left = n0;
        for (var a = first; a < end; a++)
        {
            var z = cellZ[a];
            int lo = z + dzLow, hi = z + dzHigh;
            if (lo < 0 || hi >= m)
            {
                // The window wraps through the periodic face: rare, searched separately.
                VisitWindow(a, n0, n1, lo, hi);
                continue;
            }
            while (left < n1 && cellZ[left] < lo)
                left++;
            LinkWindow(a, left, n1, hi, acrossFace);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void VisitRowPairVector(int first, int end, int n0, int n1, int dzLow, int dzHigh, bool acrossFace)
    {
        var cellZ = index.CellZ;
        ref var zBase = ref MemoryMarshal.GetArrayDataReference(cellZ);
        var lanes = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        var m = _cellsPerSide;
        var left = n0;
        for (var a = first; a < end; a++)
        {
            var z = cellZ[a];
            int lo = z + dzLow, hi = z + dzHigh;
            if (lo < 0 || hi >= m)
            {
                VisitWindow(a, n0, n1, lo, hi);
                continue;
            }
            uint below, inside;
            while (true)
            {
                // Lanes past the row's end are masked off; the padding keeps the load in bounds.
                var v = Vector256.LoadUnsafe(ref zBase, (nuint)left);
                var valid = Vector256.LessThan(lanes, Vector256.Create(n1 - left));
                below = (Vector256.LessThan(v, Vector256.Create(lo)) & valid).ExtractMostSignificantBits();
                inside = (Vector256.LessThanOrEqual(v, Vector256.Create(hi)) & valid).ExtractMostSignificantBits() & ~below;
                if (below != 0xFF)
                    break;
                left += 8;
            }
            // The row is sorted: lanes below lo come first, then the window's cells.
            var skipped = BitOperations.PopCount(below);
            left += skipped;
            if (inside == 0)
                continue;
            if ((inside & 0x80) != 0)
            {
                // The window may run past these 8 lanes (only when R > 3): finish it scalar.
                LinkWindow(a, left, n1, hi, acrossFace);
                continue;
            }
            LinkCandidates(a, left, left + BitOperations.PopCount(inside), acrossFace);
        }
    }

    // Links a with every friend cell b in [left, n1) whose cz is <= hi.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void LinkWindow(int a, int left, int n1, int hi, bool acrossFace)
    {
        var cellZ = index.CellZ;
        var b = left;
        while (b < n1 && cellZ[b] <= hi)
            b++;
        LinkCandidates(a, left, b, acrossFace);
    }

    // Links a with every friend cell b in [first, end); acrossFace: the window meets a across a
    // periodic face, so the pair tests must fold the differences.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void LinkCandidates(int a, int first, int end, bool acrossFace)
    {
        if (acrossFace)
            LinkCandidates<PeriodicFold>(a, first, end);
        else
            LinkCandidates<NoFold>(a, first, end);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void LinkCandidates<TFold>(int a, int first, int end)
        where TFold : struct, IAxisFold
    {
        if (first == end)
            return;
        var start = index.CellStart;
        int i0 = start[a], i1 = start[a + 1], j0 = start[first], j1 = start[end];
        if (PairTests<T>.IsVectorized && j1 - j0 <= GeometryFirstParticles && (i1 - i0) * (j1 - j0) <= GeometryFirstPairs)
        {
            // Inside haloes most candidate cells are already in a's group (nearly half the windows
            // at 1e6, b = 0.2): finding roots (short paths after halving) is cheaper than the
            // tests, so the window starts at its first cell still outside a's group, if any.
            var parent = index.Scratch;
            var rootA = ConcurrentUnionFind.Find(parent, a);
            while (first < end && ConcurrentUnionFind.Find(parent, first) == rootA)
                first++;
            if (first == end)
                return;
            // The window's cells are consecutive, so their particles are one run [j0, j1).
            j0 = start[first];
            uint friends = 0;
            for (var i = i0; i < i1; i++)
                friends |= _tests.FriendMask<TFold>(i, j0, j1 - j0);
            // Visit only the cells that hold a friend: the lowest friend's cell, then drop its bits.
            var b = first;
            while (friends != 0)
            {
                var j = j0 + BitOperations.TrailingZeroCount(friends);
                while (start[b + 1] <= j)
                    b++;
                Union(a, b);
                var cellEnd = start[b + 1] - j0;
                friends &= cellEnd >= 32 ? 0u : ~0u << cellEnd;
            }
            return;
        }
        var parents = index.Scratch;
        // A root found once stays valid for the "already in one group" test: sets only ever
        // merge, so if b's root equals a root a once had, a and b are in one group for good.
        var root = ConcurrentUnionFind.Find(parents, a);
        for (var b = first; b < end; b++)
        {
            if (root != ConcurrentUnionFind.Find(parents, b) && AnyFriends<TFold>(a, b))
            {
                Union(a, b);
                root = ConcurrentUnionFind.Find(parents, a);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Union(int a, int b)
    {
        if (singleThreaded)
            ConcurrentUnionFind.UnionSingleThreaded(index.Scratch, a, b);
        else
            ConcurrentUnionFind.Union(index.Scratch, a, b);
    }

    // Every particle of a cell is already linked to the others (Creasey 2018), so one friend pair
    // links the two cells; stop at the first. The larger cell is the vector side.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool AnyFriends<TFold>(int a, int b)
        where TFold : struct, IAxisFold
    {
        var start = index.CellStart;
        int i0 = start[a], i1 = start[a + 1], j0 = start[b], j1 = start[b + 1];
        if (i1 - i0 > j1 - j0)
            (i0, i1, j0, j1) = (j0, j1, i0, i1);
        for (var i = i0; i < i1; i++)
        {
            if (PairTests<T>.IsVectorized ? _tests.AnyFriend<TFold>(i, j0, j1) : _tests.AnyFriendScalar(i, j0, j1))
                return true;
        }
        return false;
    }
}
