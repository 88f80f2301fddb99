using VolunteerGrid.WorkUnits.Background;

namespace VolunteerGrid.Tests.Mosaic;

/// <summary>mFitplane's job: a least-squares plane with iterative 3σ rejection, on exact analytic cases.</summary>
public sealed class PlaneFitterTests
{
    [Fact]
    public void Fit_PointsExactlyOnPlane_RecoversPlane()
    {
        // 1003: not a multiple of the vector width, so the scalar tail runs too. With no noise the rms
        // is rounding error and the 3σ limit rejects at that level, so only the plane is asserted.
        var truth = new BackgroundPlane(0.013, -0.0071, -33.5);
        var (x, y, d) = Points(1003, truth, new Random(5));

        var (plane, kept, rms) = PlaneFitter.Fit(x, y, d, new bool[d.Length]);

        Assert.InRange(kept, 3, d.Length);
        Assert.Equal(truth.A, plane.A, 1e-12);
        Assert.Equal(truth.B, plane.B, 1e-12);
        Assert.Equal(truth.C, plane.C, 1e-9);
        // The rms comes from the moments in closed form (Σd² − a·Σxd − b·Σyd), whose cancellation leaves
        // ~√(ε·Σd²/n) ≈ 1e-7 here instead of 0.
        Assert.True(rms < 1e-6, $"rms {rms}");
    }

    [Fact]
    public void Fit_NoisyPlaneWithStars_RejectsExactlyTheStarsAndRecoversPlane()
    {
        var truth = new BackgroundPlane(-0.004, 0.009, 12.25);
        var random = new Random(9);
        var (x, y, d) = Points(20001, truth, random);
        // Noise of ±1 (uniform: no tail beyond 3σ ≈ 1.7), and 40 "stars" far above it.
        for (var i = 0; i < d.Length; i++)
            d[i] += (random.NextDouble() * 2) - 1;
        var stars = Enumerable.Range(0, 40).Select(k => (k * 487) + 11).ToArray();
        foreach (var s in stars)
            d[s] += 500;
        var keep = new bool[d.Length];

        var (plane, kept, rms) = PlaneFitter.Fit(x, y, d, keep);

        Assert.Equal(d.Length - stars.Length, kept);
        Assert.All(stars, s => Assert.False(keep[s]));
        Assert.Equal(d.Length - stars.Length, keep.Count(k => k));
        // Uniform noise of half-width 1: σ = 1/√3; the fit's plane is within a few σ/√n of the truth.
        Assert.Equal(1 / Math.Sqrt(3), rms, 0.01);
        Assert.Equal(truth.A, plane.A, 2e-4);
        Assert.Equal(truth.B, plane.B, 2e-4);
        Assert.Equal(truth.C, plane.C, 0.06);
    }

    private static (double[] X, double[] Y, double[] D) Points(int count, BackgroundPlane plane, Random random)
    {
        var (x, y, d) = (new double[count], new double[count], new double[count]);
        for (var i = 0; i < count; i++)
        {
            x[i] = random.Next(-900, 900) + 0.5;
            y[i] = random.Next(-1800, -400) + 0.5;
            d[i] = plane.At(x[i], y[i]);
        }
        return (x, y, d);
    }
}
