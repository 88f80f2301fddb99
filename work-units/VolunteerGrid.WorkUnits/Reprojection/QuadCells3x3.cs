using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace VolunteerGrid.WorkUnits.Reprojection;

/// <summary>
/// <see cref="QuadCells2x2"/> for quadrilaterals within 3×3 cells, [0, 3]²: at similar scales the
/// few input pixels whose rotated corners reach a third output row or column (about θ of them per
/// axis for a rotation θ). The same clamped edge integrals, at the cuts X = 1, 2 and Y = 1, 2, give
/// the corner function G of <see cref="QuadGridOverlap"/> on the 4×4 cell corners, and each cell is
/// G's inclusion–exclusion over its corners.
/// </summary>
internal static class QuadCells3x3
{
    /// <summary>Cells per axis.</summary>
    public const int Span = 3;

    /// <summary>
    /// Overlaps of the quadrilaterals (local coordinates, either orientation; slopes as for
    /// <see cref="QuadCells2x2.Compute"/>) with the nine cells: cell (a, b) goes to
    /// <paramref name="cells"/>[(b·3 + a)·4 + lane].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Compute(
        Vector256<double> x0, Vector256<double> y0, Vector256<double> x1, Vector256<double> y1,
        Vector256<double> x2, Vector256<double> y2, Vector256<double> x3, Vector256<double> y3,
        in QuadCells2x2.Slopes a, in QuadCells2x2.Slopes b, in QuadCells2x2.Slopes c, in QuadCells2x2.Slopes d,
        Span<double> cells)
    {
        var twice = ((x0 * y1) - (x1 * y0)) + ((x1 * y2) - (x2 * y1)) + ((x2 * y3) - (x3 * y2)) + ((x3 * y0) - (x0 * y3));
        var half = Vector256.ConditionalSelect(Vector256.LessThan(twice, Vector256<double>.Zero), Vector256.Create(-0.5), Vector256.Create(0.5));
        var total = Vector256.Abs(twice) * 0.5;
        var sums = new Sums();
        AddEdge(x0, y0, x1, y1, a, ref sums);
        AddEdge(x1, y1, x2, y2, b, ref sums);
        AddEdge(x2, y2, x3, y3, c, ref sums);
        AddEdge(x3, y3, x0, y0, d, ref sums);
        // G at the interior corners and on the far edges (one cut beyond the quadrilateral).
        var f11 = -half * sums.F11;
        var f21 = -half * sums.F21;
        var f12 = -half * sums.F12;
        var f22 = -half * sums.F22;
        var b1 = half * sums.B1;
        var b2 = half * sums.B2;
        var l1 = -half * sums.L1;
        var l2 = -half * sums.L2;
        f11.StoreUnsafe(ref cells[0]);
        (f21 - f11).StoreUnsafe(ref cells[4]);
        (b1 - f21).StoreUnsafe(ref cells[8]);
        (f12 - f11).StoreUnsafe(ref cells[12]);
        (f22 - f12 - f21 + f11).StoreUnsafe(ref cells[16]);
        (b2 - f22 - b1 + f21).StoreUnsafe(ref cells[20]);
        (l1 - f12).StoreUnsafe(ref cells[24]);
        (l2 - l1 - f22 + f12).StoreUnsafe(ref cells[28]);
        (total - l2 - b2 + f22).StoreUnsafe(ref cells[32]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddEdge(Vector256<double> xa, Vector256<double> ya, Vector256<double> xb, Vector256<double> yb,
        in QuadCells2x2.Slopes slope, ref Sums sums)
    {
        var one = Vector256<double>.One;
        var two = Vector256.Create(2.0);
        CutX(xa, ya, xb, yb, slope, one, out var w1, out var lo1, out var hi1);
        sums.L1 = Vector256.FusedMultiplyAdd(w1, lo1 + hi1, sums.L1);
        sums.F11 += Corner(w1, lo1, hi1, slope.Q, one);
        sums.F12 += Corner(w1, lo1, hi1, slope.Q, two);
        CutX(xa, ya, xb, yb, slope, two, out var w2, out var lo2, out var hi2);
        sums.L2 = Vector256.FusedMultiplyAdd(w2, lo2 + hi2, sums.L2);
        sums.F21 += Corner(w2, lo2, hi2, slope.Q, one);
        sums.F22 += Corner(w2, lo2, hi2, slope.Q, two);
        sums.B1 += Below(xa, ya, xb, yb, slope.T, one);
        sums.B2 += Below(xa, ya, xb, yb, slope.T, two);
    }

    /// <summary>The edge's part with X ≤ cut: its extent in X and its lower and higher Y.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CutX(Vector256<double> xa, Vector256<double> ya, Vector256<double> xb, Vector256<double> yb,
        in QuadCells2x2.Slopes slope, Vector256<double> cut, out Vector256<double> w, out Vector256<double> yLo, out Vector256<double> yHi)
    {
        var yCut = Vector256.FusedMultiplyAdd(slope.S, cut - xa, ya);
        var ya1 = Vector256.ConditionalSelect(Vector256.LessThanOrEqual(xa, cut), ya, yCut);
        var yb1 = Vector256.ConditionalSelect(Vector256.LessThanOrEqual(xb, cut), yb, yCut);
        w = Vector256.MinNative(xb, cut) - Vector256.MinNative(xa, cut);
        yLo = Vector256.MinNative(ya1, yb1);
        yHi = Vector256.MaxNative(ya1, yb1);
    }

    /// <summary>Twice ∫ min(Y − cut, 0) dX over a part from <see cref="CutX"/> (see <see cref="QuadCells2x2"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Corner(Vector256<double> w, Vector256<double> yLo, Vector256<double> yHi, Vector256<double> q, Vector256<double> cut)
    {
        var hLo = yLo - cut;
        var hHi = yHi - cut;
        return Vector256.ConditionalSelect(Vector256.LessThanOrEqual(hHi, Vector256<double>.Zero), w * (hLo + hHi),
            Vector256.ConditionalSelect(Vector256.LessThan(hLo, Vector256<double>.Zero), -(hLo * hLo * q), Vector256<double>.Zero));
    }

    /// <summary>Twice ∫ X dY over the edge's part with Y ≤ cut.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Below(Vector256<double> xa, Vector256<double> ya, Vector256<double> xb, Vector256<double> yb, Vector256<double> t, Vector256<double> cut)
    {
        var xCut = Vector256.FusedMultiplyAdd(t, cut - ya, xa);
        var xa1 = Vector256.ConditionalSelect(Vector256.LessThanOrEqual(ya, cut), xa, xCut);
        var xb1 = Vector256.ConditionalSelect(Vector256.LessThanOrEqual(yb, cut), xb, xCut);
        return (Vector256.MinNative(yb, cut) - Vector256.MinNative(ya, cut)) * (xa1 + xb1);
    }

    private struct Sums
    {
        public Vector256<double> L1, L2, B1, B2, F11, F21, F12, F22;
    }
}
