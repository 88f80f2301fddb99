using System.Runtime.CompilerServices;

namespace VolunteerGrid.WorkUnits.Reprojection;

/// <summary>
/// Exact areas of a convex quadrilateral's overlap with the cells of the unit grid, without clipping
/// polygons. F(x, y) = area of Q ∩ {X ≤ x, Y ≤ y} follows from Green's theorem: area = −∮ (Y − y) dX
/// over the boundary of Q ∩ {X ≤ x, Y ≤ y} (counter-clockwise). On the cut X = x, dX = 0; on the cut
/// Y = y, the integrand is 0; so only the parts of Q's own edges inside the quadrant count, and
/// F(x, y) = −Σ_edges ∫_{X ≤ x} min(Y − y, 0) dX, a few multiply-adds per edge. The overlap with cell
/// [a, a+1] × [b, b+1] is then F(a+1, b+1) − F(a, b+1) − F(a+1, b) + F(a, b) (the same
/// inclusion–exclusion a summed-area table uses). This is the decomposition behind drizzle's
/// boxer/sgarea (Fruchter &amp; Hook 2002), applied to all cells of a quadrilateral at once.
/// Coordinates are local to the quadrilateral's lowest cell, so every value depends only on the
/// quadrilateral, never on which output rows a caller asks for.
/// </summary>
internal static class QuadGridOverlap
{
    /// <summary>Cells whose overlap is below this (in cell areas) are rounding noise of the subtraction.</summary>
    public const double MinArea = 1e-12;

    /// <summary>Most cells a quadrilateral may span per axis here; larger ones go to the clipping path.</summary>
    public const int MaxSpan = 4;

    /// <summary>
    /// Fills <paramref name="cells"/> (row-major, <paramref name="nx"/> per row) with the overlap of the
    /// quadrilateral (x[i], y[i]), given in coordinates local to its lowest cell, with cells
    /// [a, a+1] × [b, b+1] for a &lt; nx, b &lt; ny. Either orientation.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Cells(double x0, double y0, double x1, double y1, double x2, double y2, double x3, double y3,
        int nx, int ny, Span<double> cells)
    {
        // Twice the signed area by the shoelace formula gives the orientation; F is computed for the
        // counter-clockwise traversal, so a clockwise quadrilateral has every F negated.
        var twice = ((x0 * y1) - (x1 * y0)) + ((x1 * y2) - (x2 * y1)) + ((x2 * y3) - (x3 * y2)) + ((x3 * y0) - (x0 * y3));
        var sign = twice < 0 ? -1.0 : 1.0;
        var total = 0.5 * Math.Abs(twice);
        // The usual cases at similar pixel scales (a pixel straddling one or two grid lines) spelled
        // out: the same G values as the loop below, without its bookkeeping.
        if (nx == 2 && ny == 2)
        {
            var f11 = sign * -(Edge(x0, y0, x1, y1, 1, 1) + Edge(x1, y1, x2, y2, 1, 1) + Edge(x2, y2, x3, y3, 1, 1) + Edge(x3, y3, x0, y0, 1, 1));
            var below = sign * (Below(x0, y0, x1, y1, 1) + Below(x1, y1, x2, y2, 1) + Below(x2, y2, x3, y3, 1) + Below(x3, y3, x0, y0, 1));
            var left = sign * -(Left(x0, y0, x1, y1, 1) + Left(x1, y1, x2, y2, 1) + Left(x2, y2, x3, y3, 1) + Left(x3, y3, x0, y0, 1));
            cells[0] = f11;
            cells[1] = below - f11;
            cells[2] = left - f11;
            cells[3] = total - below - left + f11;
            return;
        }
        if (nx == 2 && ny == 1)
        {
            var left = sign * -(Left(x0, y0, x1, y1, 1) + Left(x1, y1, x2, y2, 1) + Left(x2, y2, x3, y3, 1) + Left(x3, y3, x0, y0, 1));
            cells[0] = left;
            cells[1] = total - left;
            return;
        }
        if (nx == 1 && ny == 2)
        {
            var below = sign * (Below(x0, y0, x1, y1, 1) + Below(x1, y1, x2, y2, 1) + Below(x2, y2, x3, y3, 1) + Below(x3, y3, x0, y0, 1));
            cells[0] = below;
            cells[1] = total - below;
            return;
        }
        // G(a, b) on the (nx+1)×(ny+1) grid of cell corners: zero on the low edges, the total at the
        // far corner; on the far edges one cut lies beyond the quadrilateral and F is a one-cut area.
        Span<double> g = stackalloc double[(MaxSpan + 1) * (MaxSpan + 1)];
        var stride = nx + 1;
        for (var b = 0; b <= ny; b++)
        {
            for (var a = 0; a <= nx; a++)
            {
                double f;
                if (a == 0 || b == 0)
                    f = 0;
                else if (a == nx && b == ny)
                    f = total;
                else if (a == nx)
                    f = sign * (Below(x0, y0, x1, y1, b) + Below(x1, y1, x2, y2, b) + Below(x2, y2, x3, y3, b) + Below(x3, y3, x0, y0, b));
                else if (b == ny)
                    f = sign * -(Left(x0, y0, x1, y1, a) + Left(x1, y1, x2, y2, a) + Left(x2, y2, x3, y3, a) + Left(x3, y3, x0, y0, a));
                else
                    f = sign * -(Edge(x0, y0, x1, y1, a, b) + Edge(x1, y1, x2, y2, a, b) + Edge(x2, y2, x3, y3, a, b) + Edge(x3, y3, x0, y0, a, b));
                g[(b * stride) + a] = f;
            }
        }
        for (var b = 0; b < ny; b++)
        {
            for (var a = 0; a < nx; a++)
            {
                var i = (b * stride) + a;
                cells[(b * nx) + a] = g[i + stride + 1] - g[i + stride] - g[i + 1] + g[i];
            }
        }
    }

    /// <summary>∫ Y dX along the directed edge, restricted to X ≤ cx (area left of a cut: −Σ of these).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Left(double xa, double ya, double xb, double yb, double cx)
    {
        if (xa <= cx && xb <= cx)
            return 0.5 * (xb - xa) * (ya + yb);
        if (xa >= cx && xb >= cx)
            return 0;
        // The edge crosses the cut: keep the part on the low side.
        var yc = ya + ((yb - ya) * ((cx - xa) / (xb - xa)));
        return xa < cx ? 0.5 * (cx - xa) * (ya + yc) : 0.5 * (xb - cx) * (yc + yb);
    }

    /// <summary>∫ X dY along the directed edge, restricted to Y ≤ cy (area below a cut: Σ of these, Green's theorem with ∮ X dY).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Below(double xa, double ya, double xb, double yb, double cy)
    {
        if (ya <= cy && yb <= cy)
            return 0.5 * (yb - ya) * (xa + xb);
        if (ya >= cy && yb >= cy)
            return 0;
        var xc = xa + ((xb - xa) * ((cy - ya) / (yb - ya)));
        return ya < cy ? 0.5 * (cy - ya) * (xa + xc) : 0.5 * (yb - cy) * (xc + xb);
    }

    /// <summary>∫ min(Y − cy, 0) dX along the directed edge (xa, ya) → (xb, yb), restricted to X ≤ cx.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Edge(double xa, double ya, double xb, double yb, double cx, double cy)
    {
        // Integrate left to right and restore the direction's sign at the end.
        var direction = 1.0;
        if (xa > xb)
        {
            (xa, xb) = (xb, xa);
            (ya, yb) = (yb, ya);
            direction = -1.0;
        }
        if (!(xa < cx) || xa == xb)
            return 0;
        if (xb > cx)
        {
            yb = ya + ((yb - ya) * ((cx - xa) / (xb - xa)));
            xb = cx;
        }
        var ha = ya - cy;
        var hb = yb - cy;
        var w = xb - xa;
        double integral;
        if (ha <= 0 && hb <= 0)
            integral = 0.5 * w * (ha + hb);
        else if (ha >= 0 && hb >= 0)
            integral = 0;
        else if (ha < 0)
            integral = 0.5 * w * (ha / (ha - hb)) * ha;
        else
            integral = 0.5 * w * (hb / (hb - ha)) * hb;
        return direction * integral;
    }
}
