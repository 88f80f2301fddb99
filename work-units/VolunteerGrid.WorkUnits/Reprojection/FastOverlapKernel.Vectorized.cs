using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VolunteerGrid.WorkUnits.Reprojection;

internal static partial class FastOverlapKernel
{
    private const int Lanes = 4;

    /// <summary>
    /// <see cref="AccumulateBlock"/> four input pixels at a time: those whose quadrilateral lies within
    /// 2×2 output pixels (nearly all at similar scales) take <see cref="QuadCells2x2"/>, the others the
    /// scalar path. Which path a pixel takes depends only on its own quadrilateral, never on the block,
    /// so blocked and whole runs still add identical numbers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulateBlockVectorized(CornerGrid g, float[] pixels, int inWidth, int outWidth, int k0, int k1, double[] sumVW, double[] sumW)
    {
        var columns = g.Columns;
        var rows = g.RowVMin.Length;
        // Slopes of the vertical edges of one input row, and of the horizontal edges of its lower
        // and upper corner rows (the upper one becomes the next row's lower one).
        var buffer = ArrayPool<double>.Shared.Rent(9 * columns);
        var pending = ArrayPool<int>.Shared.Rent(columns);
        try
        {
            var lines = g.Lines;
            var vertical = lines is null ? SlopeRow.Slice(buffer, 0, columns) : new SlopeRow(lines.ColumnS, lines.ColumnT, lines.ColumnQ);
            var lower = SlopeRow.Slice(buffer, 3, columns);
            var upper = SlopeRow.Slice(buffer, 6, columns);
            var lowerRow = -1;
            Span<double> scratch = stackalloc double[(QuadCells3x3.Span * QuadCells3x3.Span * Lanes) + (2 * Lanes)];
            for (var r = 0; r < rows; r++)
            {
                if (!(g.RowVMax[r] > k0 && g.RowVMin[r] < k1))
                    continue;
                if (lowerRow == r)
                {
                    var previousUpper = upper;
                    upper = lower;
                    lower = previousUpper;
                }
                else
                {
                    HorizontalSlopes(g, r, lower);
                }
                HorizontalSlopes(g, r + 1, upper);
                lowerRow = r + 1;
                var a = r * columns;
                if (lines is null)
                {
                    EdgeSlopes.Fill(g.U.AsSpan(a, columns), g.V.AsSpan(a, columns), g.U.AsSpan(a + columns, columns), g.V.AsSpan(a + columns, columns),
                        vertical.S, vertical.T, vertical.Q);
                }
                var row = pixels.AsSpan(r * inWidth, inWidth);
                var spilling = AccumulateRow(g, row, r, vertical, lower, upper, outWidth, k0, k1, sumVW, sumW, scratch, pending);
                AccumulateSpilling(g, row, r, pending.AsSpan(0, spilling), vertical, lower, upper, new BlockBounds(k0, k1, outWidth), sumVW, sumW, scratch);
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
            ArrayPool<int>.Shared.Return(pending);
        }
    }

    private static void HorizontalSlopes(CornerGrid g, int cornerRow, SlopeRow into)
    {
        var n = g.Columns - 1;
        if (g.Lines is { } lines)
        {
            into.S[..n].Fill(lines.RowS[cornerRow]);
            into.T[..n].Fill(lines.RowT[cornerRow]);
            into.Q[..n].Fill(lines.RowQ[cornerRow]);
            return;
        }
        var a = cornerRow * g.Columns;
        EdgeSlopes.Fill(g.U.AsSpan(a, n), g.V.AsSpan(a, n), g.U.AsSpan(a + 1, n), g.V.AsSpan(a + 1, n),
            into.S[..n], into.T[..n], into.Q[..n]);
    }

    /// <summary>
    /// Adds the row's pixels within 2×2 output pixels, and blanks and the odd ones by the scalar path;
    /// returns how many, listed in <paramref name="spilling"/>, reach into a third row or column.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int AccumulateRow(CornerGrid g, ReadOnlySpan<float> row, int r, SlopeRow vertical, SlopeRow lower, SlopeRow upper,
        int outWidth, int k0, int k1, double[] sumVW, double[] sumW, Span<double> scratch, Span<int> spilling)
    {
        var columns = g.Columns;
        var inWidth = row.Length;
        ref var u = ref MemoryMarshal.GetArrayDataReference(g.U);
        ref var v = ref MemoryMarshal.GetArrayDataReference(g.V);
        var state = new RowState(g, row, r, new BlockBounds(k0, k1, outWidth), sumVW, sumW, scratch, spilling);
        var c = 0;
        // Whole groups of four load straight from the rows; one call per group keeps the
        // vectors in registers (a merge with the tail's gathered ones would put them on the stack).
        for (; c + Lanes <= inWidth; c += Lanes)
        {
            var a = (nuint)((r * columns) + c);
            var above = a + (nuint)columns;
            Group(ref state, c, Lanes,
                Vector256.LoadUnsafe(ref u, a), Vector256.LoadUnsafe(ref v, a),
                Vector256.LoadUnsafe(ref u, a + 1), Vector256.LoadUnsafe(ref v, a + 1),
                Vector256.LoadUnsafe(ref u, above + 1), Vector256.LoadUnsafe(ref v, above + 1),
                Vector256.LoadUnsafe(ref u, above), Vector256.LoadUnsafe(ref v, above),
                Vector256.WidenLower(Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(row), (nuint)c).ToVector256Unsafe()),
                lower.At(c), vertical.At(c + 1), upper.AtReversed(c), vertical.AtReversed(c));
        }
        if (c < inWidth)
            Tail(ref state, c, inWidth - c, vertical, lower, upper);
        FlushCarry(ref state);
        return state.Spills;
    }

    /// <summary>The row's last few pixels: lanes past its end repeat its last pixel and are dropped.</summary>
    // Like every method here that does vector arithmetic, compiled once, fully optimised: a method
    // that went through tiers could round differently in its first calls (seen with tiered PGO),
    // and then results would depend on how many calls came before.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Tail(ref RowState state, int c, int lanes, SlopeRow vertical, SlopeRow lower, SlopeRow upper)
    {
        var g = state.Grid;
        var a = (nuint)((state.Row * g.Columns) + c);
        var above = a + (nuint)g.Columns;
        var row = state.Pixels;
        Group(ref state, c, lanes,
            Gather(g.U, a, lanes, 0), Gather(g.V, a, lanes, 0), Gather(g.U, a, lanes, 1), Gather(g.V, a, lanes, 1),
            Gather(g.U, above, lanes, 1), Gather(g.V, above, lanes, 1), Gather(g.U, above, lanes, 0), Gather(g.V, above, lanes, 0),
            Vector256.Create(row[c], row[c + Math.Min(1, lanes - 1)], row[c + Math.Min(2, lanes - 1)], row[c + Math.Min(3, lanes - 1)]),
            lower.AtTail(c, lanes, false), vertical.AtTail(c + 1, lanes, false), upper.AtTail(c, lanes, true), vertical.AtTail(c, lanes, true));
    }

    /// <summary>Input pixels c … c + lanes − 1 of the row, their corners, values and edge slopes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Group(ref RowState state, int c, int lanes,
        Vector256<double> x0, Vector256<double> y0, Vector256<double> x1, Vector256<double> y1,
        Vector256<double> x2, Vector256<double> y2, Vector256<double> x3, Vector256<double> y3, Vector256<double> value,
        QuadCells2x2.Slopes sa, QuadCells2x2.Slopes sb, QuadCells2x2.Slopes sc, QuadCells2x2.Slopes sd)
    {
        // Native min/max may drop a NaN corner, so corners are checked for NaN on their own.
        var minU = Vector256.MinNative(Vector256.MinNative(x0, x1), Vector256.MinNative(x2, x3));
        var maxU = Vector256.MaxNative(Vector256.MaxNative(x0, x1), Vector256.MaxNative(x2, x3));
        var minV = Vector256.MinNative(Vector256.MinNative(y0, y1), Vector256.MinNative(y2, y3));
        var maxV = Vector256.MaxNative(Vector256.MaxNative(y0, y1), Vector256.MaxNative(y2, y3));
        var cornerSum = ((x0 + x1) + (x2 + x3)) + ((y0 + y1) + (y2 + y3));
        var jLow = Vector256.Floor(minU);
        var kLow = Vector256.Floor(minV);
        // Within 2×2 (or 3×3) cells, finite corners and a finite value (a zero-area cell then adds
        // exactly nothing). Blanks and the rest take the scalar path.
        var spanU = Vector256.Floor(maxU) - jLow;
        var spanV = Vector256.Floor(maxV) - kLow;
        var infinity = Vector256.Create(double.PositiveInfinity);
        var finite = Vector256.LessThan(Vector256.Abs(value), infinity) & Vector256.LessThan(Vector256.Abs(cornerSum), infinity);
        var laneMask = (1u << lanes) - 1;
        var eligible = (Vector256.LessThanOrEqual(Vector256.MaxNative(spanU, spanV), Vector256<double>.One) & finite)
            .ExtractMostSignificantBits() & laneMask;
        var spill = eligible == laneMask ? 0u : (Vector256.LessThanOrEqual(Vector256.MaxNative(spanU, spanV), Vector256.Create(2.0)) & finite)
            .ExtractMostSignificantBits() & laneMask & ~eligible;
        var inside = 0u;
        var block = state.Block;
        var scratch = state.Scratch;
        if (eligible != 0)
        {
            QuadCells2x2.Compute(x0 - jLow, y0 - kLow, x1 - jLow, y1 - kLow, x2 - jLow, y2 - kLow, x3 - jLow, y3 - kLow,
                sa, sb, sc, sd, out var c00, out var c10, out var c01, out var c11);
            // Cells below the rounding noise of the subtraction add nothing, as in QuadGridOverlap.
            var minArea = Vector256.Create(QuadGridOverlap.MinArea);
            var a00 = Vector256.ConditionalSelect(Vector256.GreaterThan(c00, minArea), c00, Vector256<double>.Zero);
            var a10 = Vector256.ConditionalSelect(Vector256.GreaterThan(c10, minArea), c10, Vector256<double>.Zero);
            var a01 = Vector256.ConditionalSelect(Vector256.GreaterThan(c01, minArea), c01, Vector256<double>.Zero);
            var a11 = Vector256.ConditionalSelect(Vector256.GreaterThan(c11, minArea), c11, Vector256<double>.Zero);
            if (eligible == 0xF)
            {
                // Four pixels side by side on one output row pair (the usual case at similar scales
                // and small rotations): add them as runs of output pixels.
                var k = kLow.ToScalar();
                var j = jLow.ToScalar();
                var run = Vector256.Equals(kLow, Vector256.Create(k)) & Vector256.Equals(jLow - Vector256.Create(0.0, 1.0, 2.0, 3.0), Vector256.Create(j));
                if (run.ExtractMostSignificantBits() == 0xF)
                {
                    AddRun(ref state, k, j, value, a00, a10, a01, a11);
                    return;
                }
            }
            FlushCarry(ref state);
            a00.StoreUnsafe(ref scratch[0]);
            a10.StoreUnsafe(ref scratch[Lanes]);
            a01.StoreUnsafe(ref scratch[2 * Lanes]);
            a11.StoreUnsafe(ref scratch[3 * Lanes]);
            jLow.StoreUnsafe(ref scratch[4 * Lanes]);
            kLow.StoreUnsafe(ref scratch[5 * Lanes]);
            // All four cells inside the block: the usual case, added without further checks.
            var kRel = kLow - Vector256.Create((double)block.K0);
            inside = eligible & (Vector256.GreaterThanOrEqual(kRel, Vector256<double>.Zero)
                & Vector256.LessThan(kRel, Vector256.Create((double)(block.K1 - block.K0 - 1)))
                & Vector256.GreaterThanOrEqual(jLow, Vector256<double>.Zero)
                & Vector256.LessThan(jLow, Vector256.Create((double)(block.OutWidth - 1)))).ExtractMostSignificantBits();
            Vector256.FusedMultiplyAdd(kRel, Vector256.Create((double)block.OutWidth), jLow).StoreUnsafe(ref scratch[6 * Lanes]);
        }
        else
        {
            FlushCarry(ref state);
        }
        var row = state.Pixels;
        for (var i = 0; i < lanes; i++)
        {
            var bit = 1u << i;
            if ((inside & bit) != 0)
                AddCells(scratch, i, row[c + i], (nint)scratch[(6 * Lanes) + i], block.OutWidth, ref MemoryMarshal.GetArrayDataReference(state.SumVW), ref MemoryMarshal.GetArrayDataReference(state.SumW));
            else if ((eligible & bit) != 0)
                Scatter(scratch, i, row[c + i], block, state.SumVW, state.SumW);
            else if ((spill & bit) != 0)
                state.Spilling[state.Spills++] = c + i;
            else
                AccumulatePixel(state.Grid, row[c + i], state.Row, c + i, block.OutWidth, block.K0, block.K1, state.SumVW, state.SumW);
        }
    }

    /// <summary>
    /// Adds four pixels whose cells are (k, j + i) … (k + 1, j + i + 1), i = 0 … 3: on each of the two
    /// output rows, pixel i's right cell is pixel i + 1's left one, so the row's five sums are four
    /// lanes and a carry, added to the block a vector at a time. The carry (output pixel j + 4) waits
    /// for the next group, whose first cell it usually is, and otherwise is added on its own.
    /// Every sum is formed the same way whatever the block, so blocked runs still match whole ones.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddRun(ref RowState state, double k, double j, Vector256<double> value,
        Vector256<double> a00, Vector256<double> a10, Vector256<double> a01, Vector256<double> a11)
    {
        double w0 = 0, vw0 = 0, w1 = 0, vw1 = 0;
        if (state.HasCarry)
        {
            if (state.CarryK == k && state.CarryJ == j)
            {
                (w0, vw0, w1, vw1) = (state.CarryW0, state.CarryVW0, state.CarryW1, state.CarryVW1);
                state.HasCarry = false;
            }
            else
            {
                FlushCarry(ref state);
            }
        }
        var vw00 = value * a00;
        var vw10 = value * a10;
        var vw01 = value * a01;
        var vw11 = value * a11;
        // Right cells shifted one pixel on: lane i + 1 gets pixel i's, lane 0 the carry.
        var shift = Vector256.Create(3L, 0L, 1L, 2L);
        var right10 = Vector256.Shuffle(a10, shift);
        var rightVW10 = Vector256.Shuffle(vw10, shift);
        var right11 = Vector256.Shuffle(a11, shift);
        var rightVW11 = Vector256.Shuffle(vw11, shift);
        state.CarryW0 = right10.ToScalar();
        state.CarryVW0 = rightVW10.ToScalar();
        state.CarryW1 = right11.ToScalar();
        state.CarryVW1 = rightVW11.ToScalar();
        (state.CarryK, state.CarryJ, state.HasCarry) = (k, j + Lanes, true);
        AddRow(ref state, k, j, vw00 + rightVW10.WithElement(0, vw0), a00 + right10.WithElement(0, w0));
        AddRow(ref state, k + 1, j, vw01 + rightVW11.WithElement(0, vw1), a01 + right11.WithElement(0, w1));
    }

    /// <summary>Adds four sums to output pixels (k, j … j + 3), those of them in the block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddRow(ref RowState state, double k, double j, Vector256<double> vw, Vector256<double> w)
    {
        var block = state.Block;
        if (!(k >= block.K0 && k < block.K1))
            return;
        var i = (nuint)((((int)k - block.K0) * block.OutWidth) + (int)j);
        if (j >= 0 && j + Lanes <= block.OutWidth)
        {
            ref var sumVW = ref MemoryMarshal.GetArrayDataReference(state.SumVW);
            ref var sumW = ref MemoryMarshal.GetArrayDataReference(state.SumW);
            (Vector256.LoadUnsafe(ref sumVW, i) + vw).StoreUnsafe(ref sumVW, i);
            (Vector256.LoadUnsafe(ref sumW, i) + w).StoreUnsafe(ref sumW, i);
            return;
        }
        for (var lane = 0; lane < Lanes; lane++)
            AddSums(block, k, j + lane, vw[lane], w[lane], state.SumVW, state.SumW);
    }

    /// <summary>Adds the waiting carry of <see cref="AddRun"/> to its two output pixels.</summary>
    private static void FlushCarry(ref RowState state)
    {
        if (!state.HasCarry)
            return;
        AddSums(state.Block, state.CarryK, state.CarryJ, state.CarryVW0, state.CarryW0, state.SumVW, state.SumW);
        AddSums(state.Block, state.CarryK + 1, state.CarryJ, state.CarryVW1, state.CarryW1, state.SumVW, state.SumW);
        state.HasCarry = false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddSums(BlockBounds block, double k, double j, double vw, double w, double[] sumVW, double[] sumW)
    {
        if (k >= block.K0 && k < block.K1 && j >= 0 && j < block.OutWidth)
        {
            var i = (((int)k - block.K0) * block.OutWidth) + (int)j;
            sumVW[i] += vw;
            sumW[i] += w;
        }
    }

    /// <summary>What <see cref="Group"/> needs of its row besides the pixels themselves.</summary>
    private ref struct RowState(CornerGrid grid, ReadOnlySpan<float> pixels, int row, BlockBounds block, double[] sumVW, double[] sumW, Span<double> scratch, Span<int> spilling)
    {
        public readonly CornerGrid Grid = grid;
        public readonly ReadOnlySpan<float> Pixels = pixels;
        public readonly int Row = row;
        public readonly BlockBounds Block = block;
        public readonly double[] SumVW = sumVW;
        public readonly double[] SumW = sumW;
        public readonly Span<double> Scratch = scratch;
        public readonly Span<int> Spilling = spilling;
        public int Spills;

        // AddRun's carry: sums for output pixels (CarryK, CarryJ) and (CarryK + 1, CarryJ).
        public bool HasCarry;
        public double CarryK, CarryJ, CarryW0, CarryVW0, CarryW1, CarryVW1;
    }

    /// <summary>
    /// Adds the row's pixels that reach into a third output row or column, four at a time by
    /// <see cref="QuadCells3x3"/>, after the rest of the row: the order of additions still depends
    /// only on the input, never on the block.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulateSpilling(CornerGrid g, ReadOnlySpan<float> row, int r, ReadOnlySpan<int> columns, SlopeRow vertical, SlopeRow lower, SlopeRow upper,
        BlockBounds block, double[] sumVW, double[] sumW, Span<double> scratch)
    {
        var stride = g.Columns;
        for (var first = 0; first < columns.Length; first += Lanes)
        {
            var lanes = Math.Min(Lanes, columns.Length - first);
            // Lanes past the end repeat the last pixel and are dropped.
            Span<int> c = [columns[first], columns[first + Math.Min(1, lanes - 1)], columns[first + Math.Min(2, lanes - 1)], columns[first + Math.Min(3, lanes - 1)]];
            var a = (r * stride) + c[0];
            var b = (r * stride) + c[1];
            var d = (r * stride) + c[2];
            var e = (r * stride) + c[3];
            var x0 = Vector256.Create(g.U[a], g.U[b], g.U[d], g.U[e]);
            var y0 = Vector256.Create(g.V[a], g.V[b], g.V[d], g.V[e]);
            var x1 = Vector256.Create(g.U[a + 1], g.U[b + 1], g.U[d + 1], g.U[e + 1]);
            var y1 = Vector256.Create(g.V[a + 1], g.V[b + 1], g.V[d + 1], g.V[e + 1]);
            var x2 = Vector256.Create(g.U[a + stride + 1], g.U[b + stride + 1], g.U[d + stride + 1], g.U[e + stride + 1]);
            var y2 = Vector256.Create(g.V[a + stride + 1], g.V[b + stride + 1], g.V[d + stride + 1], g.V[e + stride + 1]);
            var x3 = Vector256.Create(g.U[a + stride], g.U[b + stride], g.U[d + stride], g.U[e + stride]);
            var y3 = Vector256.Create(g.V[a + stride], g.V[b + stride], g.V[d + stride], g.V[e + stride]);
            var jLow = Vector256.Floor(Vector256.Min(Vector256.Min(x0, x1), Vector256.Min(x2, x3)));
            var kLow = Vector256.Floor(Vector256.Min(Vector256.Min(y0, y1), Vector256.Min(y2, y3)));
            QuadCells3x3.Compute(x0 - jLow, y0 - kLow, x1 - jLow, y1 - kLow, x2 - jLow, y2 - kLow, x3 - jLow, y3 - kLow,
                lower.Pick(c, false), vertical.Pick(c, 1, false), upper.Pick(c, true), vertical.Pick(c, 0, true), scratch);
            for (var i = 0; i < lanes; i++)
            {
                var value = (double)row[c[i]];
                var j = jLow[i];
                var k = kLow[i];
                for (var cb = 0; cb < QuadCells3x3.Span; cb++)
                {
                    for (var ca = 0; ca < QuadCells3x3.Span; ca++)
                    {
                        var area = scratch[(((cb * QuadCells3x3.Span) + ca) * Lanes) + i];
                        if (area > QuadGridOverlap.MinArea)
                            AddIfInside(block, k + cb, j + ca, value, area, sumVW, sumW);
                    }
                }
            }
        }
    }

    /// <summary>Adds a lane's four cells at <paramref name="i"/>, which the caller has checked lie in the block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddCells(Span<double> scratch, int lane, double value, nint i, int outWidth, ref double vw, ref double w)
    {
        var a00 = scratch[lane];
        var a10 = scratch[Lanes + lane];
        var a01 = scratch[(2 * Lanes) + lane];
        var a11 = scratch[(3 * Lanes) + lane];
        var i1 = i + outWidth;
        Unsafe.Add(ref vw, i) += value * a00;
        Unsafe.Add(ref w, i) += a00;
        Unsafe.Add(ref vw, i + 1) += value * a10;
        Unsafe.Add(ref w, i + 1) += a10;
        Unsafe.Add(ref vw, i1) += value * a01;
        Unsafe.Add(ref w, i1) += a01;
        Unsafe.Add(ref vw, i1 + 1) += value * a11;
        Unsafe.Add(ref w, i1 + 1) += a11;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Scatter(Span<double> scratch, int lane, double value, BlockBounds block, double[] sumVW, double[] sumW)
    {
        var j = scratch[(4 * Lanes) + lane];
        var k = scratch[(5 * Lanes) + lane];
        var a00 = scratch[lane];
        var a10 = scratch[Lanes + lane];
        var a01 = scratch[(2 * Lanes) + lane];
        var a11 = scratch[(3 * Lanes) + lane];
        AddIfInside(block, k, j, value, a00, sumVW, sumW);
        AddIfInside(block, k, j + 1, value, a10, sumVW, sumW);
        AddIfInside(block, k + 1, j, value, a01, sumVW, sumW);
        AddIfInside(block, k + 1, j + 1, value, a11, sumVW, sumW);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddIfInside(BlockBounds block, double k, double j, double value, double area, double[] sumVW, double[] sumW)
    {
        if (area > 0 && k >= block.K0 && k < block.K1 && j >= 0 && j < block.OutWidth)
        {
            var i = (((int)k - block.K0) * block.OutWidth) + (int)j;
            sumVW[i] += value * area;
            sumW[i] += area;
        }
    }

    private static Vector256<double> Gather(double[] source, nuint first, int lanes, int offset) =>
        Vector256.Create(
            source[(int)first + offset],
            source[(int)first + Math.Min(1, lanes - 1) + offset],
            source[(int)first + Math.Min(2, lanes - 1) + offset],
            source[(int)first + Math.Min(3, lanes - 1) + offset]);

    private readonly record struct BlockBounds(int K0, int K1, int OutWidth);

    /// <summary>S, T and Q (<see cref="EdgeSlopes"/>) of one row of edges, in three slices of a buffer.</summary>
    private readonly ref struct SlopeRow(Span<double> s, Span<double> t, Span<double> q)
    {
        public Span<double> S { get; } = s;

        public Span<double> T { get; } = t;

        public Span<double> Q { get; } = q;

        public static SlopeRow Slice(double[] buffer, int first, int length) =>
            new(buffer.AsSpan(first * length, length), buffer.AsSpan((first + 1) * length, length), buffer.AsSpan((first + 2) * length, length));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public QuadCells2x2.Slopes At(int i) => new(Load(S, i), Load(T, i), Load(Q, i));

        /// <summary>The same edges travelled the other way: Q, which carries the direction, negated.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public QuadCells2x2.Slopes AtReversed(int i) => new(Load(S, i), Load(T, i), -Load(Q, i));

        public QuadCells2x2.Slopes AtTail(int i, int lanes, bool reversed)
        {
            var q = Tail(Q, i, lanes);
            return new(Tail(S, i, lanes), Tail(T, i, lanes), reversed ? -q : q);
        }

        /// <summary>The edges at columns c[lane] + offset.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public QuadCells2x2.Slopes Pick(ReadOnlySpan<int> c, int offset, bool reversed)
        {
            var q = Vector256.Create(Q[c[0] + offset], Q[c[1] + offset], Q[c[2] + offset], Q[c[3] + offset]);
            return new(Vector256.Create(S[c[0] + offset], S[c[1] + offset], S[c[2] + offset], S[c[3] + offset]),
                Vector256.Create(T[c[0] + offset], T[c[1] + offset], T[c[2] + offset], T[c[3] + offset]), reversed ? -q : q);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public QuadCells2x2.Slopes Pick(ReadOnlySpan<int> c, bool reversed) => Pick(c, 0, reversed);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<double> Load(Span<double> span, int i) =>
            Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(span), (nuint)i);

        private static Vector256<double> Tail(Span<double> span, int i, int lanes) =>
            Vector256.Create(span[i], span[i + Math.Min(1, lanes - 1)], span[i + Math.Min(2, lanes - 1)], span[i + Math.Min(3, lanes - 1)]);
    }
}
