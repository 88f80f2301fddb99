using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace VolunteerGrid.WorkUnits.Reprojection;

/// <summary>
/// <see cref="QuadGridOverlap"/>'s usual case, a quadrilateral within the 2×2 cells [0, 2]², for four
/// quadrilaterals at once (one per Vector256 lane) and without branches. Green's theorem as there
/// (Fruchter &amp; Hook 2002): with the cuts X = 1 and Y = 1, three edge integrals give every cell,
/// L = area left of X = 1, B = area below Y = 1 and F = area of the quadrant X ≤ 1, Y ≤ 1:
/// cells (0,0) = F, (1,0) = B − F, (0,1) = L − F, (1,1) = total − B − L + F. Where the scalar code
/// branches on where an edge lies, this clamps the edge's ends to the cut (min) and selects the cut
/// point in place of a clamped end; the cut point comes from the edge's slope
/// (<see cref="EdgeSlopes"/>), so nothing is divided here. A cut that misses the quadrilateral (a
/// quadrilateral within one column or row) gives cells of zero up to rounding.
/// </summary>
internal static class QuadCells2x2
{
    /// <summary>
    /// Overlaps of the quadrilaterals (x0,y0)…(x3,y3) (local coordinates, either orientation) with the
    /// four cells; sa/ta/qa are the slopes (S, T, Q of <see cref="EdgeSlopes"/>) of edge 0→1, sb… of
    /// 1→2, sc… of 2→3 and sd… of 3→0, with Q signed for that direction of travel.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Compute(
        Vector256<double> x0, Vector256<double> y0, Vector256<double> x1, Vector256<double> y1,
        Vector256<double> x2, Vector256<double> y2, Vector256<double> x3, Vector256<double> y3,
        in Slopes a, in Slopes b, in Slopes c, in Slopes d,
        out Vector256<double> c00, out Vector256<double> c10, out Vector256<double> c01, out Vector256<double> c11)
    {
        // Twice the signed area (shoelace formula) gives the orientation: the integrals below are for
        // a counter-clockwise boundary, so a clockwise one has them negated.
        var twice = ((x0 * y1) - (x1 * y0)) + ((x1 * y2) - (x2 * y1)) + ((x2 * y3) - (x3 * y2)) + ((x3 * y0) - (x0 * y3));
        var half = Vector256.ConditionalSelect(Vector256.LessThan(twice, Vector256<double>.Zero), Vector256.Create(-0.5), Vector256.Create(0.5));
        var total = Vector256.Abs(twice) * 0.5;
        var left = Vector256<double>.Zero;
        var below = Vector256<double>.Zero;
        var corner = Vector256<double>.Zero;
        AddEdge(x0, y0, x1, y1, a, ref left, ref below, ref corner);
        AddEdge(x1, y1, x2, y2, b, ref left, ref below, ref corner);
        AddEdge(x2, y2, x3, y3, c, ref left, ref below, ref corner);
        AddEdge(x3, y3, x0, y0, d, ref left, ref below, ref corner);
        // Each sum holds twice its integral; half carries the ½ and the orientation.
        var f = -half * corner;
        var bArea = half * below;
        var lArea = -half * left;
        c00 = f;
        c10 = bArea - f;
        c01 = lArea - f;
        c11 = total - bArea - lArea + f;
    }

    /// <summary>
    /// Adds twice the edge (xa, ya) → (xb, yb)'s part of ∫ Y dX over X ≤ 1 (to left), of ∫ X dY over
    /// Y ≤ 1 (to below) and of ∫ min(Y − 1, 0) dX over X ≤ 1 (to corner), the integrals of
    /// <see cref="QuadGridOverlap"/>'s Left, Below and Edge.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddEdge(Vector256<double> xa, Vector256<double> ya, Vector256<double> xb, Vector256<double> yb,
        in Slopes slope, ref Vector256<double> left, ref Vector256<double> below, ref Vector256<double> corner)
    {
        var one = Vector256<double>.One;
        // The part with X ≤ 1: each end clamped to the cut, its Y replaced by the cut point's.
        var yCut = Vector256.FusedMultiplyAdd(slope.S, one - xa, ya);
        var ya1 = Vector256.ConditionalSelect(Vector256.LessThanOrEqual(xa, one), ya, yCut);
        var yb1 = Vector256.ConditionalSelect(Vector256.LessThanOrEqual(xb, one), yb, yCut);
        var w = Vector256.MinNative(xb, one) - Vector256.MinNative(xa, one);
        left = Vector256.FusedMultiplyAdd(w, ya1 + yb1, left);
        // ∫ min(Y − 1, 0) dX over that part, with h = Y − 1 linear from one end to the other: all of
        // it when both ends are below the cut, nothing when both are above, else the triangle below,
        // h_lo² / (2 |dh/dX|) with the direction's sign, which Q = dx/|dy| carries.
        var hLo = Vector256.MinNative(ya1, yb1) - one;
        var hHi = Vector256.MaxNative(ya1, yb1) - one;
        var allBelow = w * (hLo + hHi);
        var triangle = -(hLo * hLo * slope.Q);
        var part = Vector256.ConditionalSelect(Vector256.LessThanOrEqual(hHi, Vector256<double>.Zero), allBelow,
            Vector256.ConditionalSelect(Vector256.LessThan(hLo, Vector256<double>.Zero), triangle, Vector256<double>.Zero));
        corner += part;
        // The part with Y ≤ 1, the same way with the axes swapped.
        var xCut = Vector256.FusedMultiplyAdd(slope.T, one - ya, xa);
        var xa1 = Vector256.ConditionalSelect(Vector256.LessThanOrEqual(ya, one), xa, xCut);
        var xb1 = Vector256.ConditionalSelect(Vector256.LessThanOrEqual(yb, one), xb, xCut);
        var h = Vector256.MinNative(yb, one) - Vector256.MinNative(ya, one);
        below = Vector256.FusedMultiplyAdd(h, xa1 + xb1, below);
    }

    /// <summary>An edge's S, T and Q (<see cref="EdgeSlopes"/>), four edges at a time.</summary>
    internal readonly record struct Slopes(Vector256<double> S, Vector256<double> T, Vector256<double> Q);
}
