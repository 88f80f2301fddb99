namespace VolunteerGrid.WorkUnits.Background;

/// <summary>
/// Least-squares plane d ≈ A·x + B·y + C with iterative outlier rejection, as Montage's mFitplane:
/// fit, drop points whose residual exceeds <see cref="ClipSigma"/> times the rms, refit, until no point
/// changes side (stars that do not cancel in a difference, edge artefacts).
/// </summary>
public static class PlaneFitter
{
    public const double ClipSigma = 3.0;
    private const int MaxIterations = 10;

    /// <summary>The plane, pixels kept and rms; a zero plane with count 0 when fewer than 3 usable points.</summary>
    public static (BackgroundPlane Plane, long Count, double Rms) Fit(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> d, Span<bool> keep)
    {
        keep.Fill(true);
        if (d.Length < 3)
            return (BackgroundPlane.Zero, 0, 0);
        // Moments are taken about one fixed origin (the mean over all points), so each iteration is a
        // single pass: it sorts points by the previous plane and sums the moments of the kept ones,
        // from which the new plane and its residual rms follow in closed form.
        var origin = Moments.About(x, y, d, keep, 0, 0, 0, BackgroundPlane.Zero, double.PositiveInfinity);
        var (ox, oy, od) = (origin.Sx / origin.N, origin.Sy / origin.N, origin.Sd / origin.N);
        var moments = Moments.About(x, y, d, keep, ox, oy, od, BackgroundPlane.Zero, double.PositiveInfinity);
        var plane = BackgroundPlane.Zero;
        long count = 0;
        var rms = 0.0;
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            if (!moments.Solve(out var local, out rms))
                return (BackgroundPlane.Zero, 0, 0);
            count = moments.N;
            // Back from the origin: d − od = A(x − ox) + B(y − oy) + C'.
            plane = new BackgroundPlane(local.A, local.B, local.C + od - (local.A * ox) - (local.B * oy));
            var next = Moments.About(x, y, d, keep, ox, oy, od, plane, ClipSigma * rms);
            if (!next.Changed)
                break;
            moments = next;
        }
        return (plane, count, rms);
    }

    /// <summary>Sums over the kept points of (x, y, d) about an origin, and whether any point changed side.</summary>
    private struct Moments
    {
        public long N;
        public double Sx, Sy, Sd, Sxx, Sxy, Syy, Sxd, Syd, Sdd;
        public bool Changed;

        // Updates keep[i] to |d − plane| ≤ limit (all points when limit is +∞) and sums the kept ones.
        public static Moments About(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> d, Span<bool> keep,
            double ox, double oy, double od, BackgroundPlane plane, double limit)
        {
            var m = default(Moments);
            for (var i = 0; i < d.Length; i++)
            {
                var inside = Math.Abs(d[i] - plane.At(x[i], y[i])) <= limit;
                if (inside != keep[i])
                {
                    keep[i] = inside;
                    m.Changed = true;
                }
                if (!inside)
                    continue;
                var dx = x[i] - ox;
                var dy = y[i] - oy;
                var dd = d[i] - od;
                m.N++;
                m.Sx += dx;
                m.Sy += dy;
                m.Sd += dd;
                m.Sxx += dx * dx;
                m.Sxy += dx * dy;
                m.Syy += dy * dy;
                m.Sxd += dx * dd;
                m.Syd += dy * dd;
                m.Sdd += dd * dd;
            }
            return m;
        }

        /// <summary>The least-squares plane about the origin and the rms of its residuals; false below 3 points.</summary>
        public readonly bool Solve(out BackgroundPlane plane, out double rms)
        {
            plane = BackgroundPlane.Zero;
            rms = 0;
            if (N < 3)
                return false;
            var n = (double)N;
            var (mx, my, md) = (Sx / n, Sy / n, Sd / n);
            // Centred (co)variances: the normal equations of the slopes, decoupled from the offset.
            var cxx = Sxx - (n * mx * mx);
            var cxy = Sxy - (n * mx * my);
            var cyy = Syy - (n * my * my);
            var cxd = Sxd - (n * mx * md);
            var cyd = Syd - (n * my * md);
            var cdd = Sdd - (n * md * md);
            var det = (cxx * cyy) - (cxy * cxy);
            double a = 0, b = 0;
            // A degenerate overlap (a single row or column) constrains only the offset.
            if (det > 1e-12 * Math.Max(1, cxx * cyy))
            {
                a = ((cxd * cyy) - (cyd * cxy)) / det;
                b = ((cyd * cxx) - (cxd * cxy)) / det;
            }
            plane = new BackgroundPlane(a, b, md - (a * mx) - (b * my));
            // Residual sum of squares of a least-squares fit: cdd − a·cxd − b·cyd.
            rms = Math.Sqrt(Math.Max(0, cdd - (a * cxd) - (b * cyd)) / n);
            return true;
        }
    }
}
