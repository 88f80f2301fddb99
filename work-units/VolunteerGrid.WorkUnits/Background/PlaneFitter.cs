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
        var origin = PlaneMoments.About(x, y, d, keep, 0, 0, 0, BackgroundPlane.Zero, double.PositiveInfinity);
        var (ox, oy, od) = (origin.Sx / origin.N, origin.Sy / origin.N, origin.Sd / origin.N);
        var moments = PlaneMoments.About(x, y, d, keep, ox, oy, od, BackgroundPlane.Zero, double.PositiveInfinity);
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
            var next = PlaneMoments.About(x, y, d, keep, ox, oy, od, plane, ClipSigma * rms);
            if (!next.Changed)
                break;
            moments = next;
        }
        return (plane, count, rms);
    }
}
