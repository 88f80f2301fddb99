using System.Numerics;
using System.Runtime.InteropServices;

namespace VolunteerGrid.WorkUnits.Wavelets;

/// <summary>The threshold rules of skimage.restoration._denoise (0.19), term for term.</summary>
public static class NoiseEstimator
{
    /// <summary>scipy.stats.norm.ppf(0.75): the MAD of a unit Gaussian.</summary>
    public const double GaussianMadScale = 0.6744897501960817;

    /// <summary>np.finfo(float64).eps.</summary>
    private const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>
    /// Robust σ = median(|d|)/0.6745 over the non-zero finest diagonal details (Donoho &amp;
    /// Johnstone 1994, §4.2). skimage drops exact zeros (flat or masked regions); with none left
    /// there is no noise to measure and σ = 0, which makes denoising the identity.
    /// </summary>
    public static double SigmaFromDiagonal(Plane diagonal) =>
        Median.OfMagnitudesOfNonZero(diagonal.Values) is var median && double.IsNaN(median) ? 0 : median / GaussianMadScale;

    /// <summary>
    /// BayesShrink: σ²/sqrt(max(mean(d²) − σ², ε)) with ε the float64 machine epsilon
    /// (Chang, Yu &amp; Vetterli 2000, eq. 12; skimage's _bayes_thresh).
    /// </summary>
    public static double BayesThreshold(Plane band, double variance) =>
        BayesThreshold(SumOfSquares(band.Values), band.Values.Length, variance);

    /// <summary>BayesShrink from the band's Σd² over <paramref name="count"/> coefficients.</summary>
    internal static double BayesThreshold(double sumOfSquares, long count, double variance)
    {
        var signalVariance = sumOfSquares / count;
        return variance / Math.Sqrt(Math.Max(signalVariance - variance, MachineEpsilon));
    }

    /// <summary>
    /// Σv² in four vector accumulators (numpy sums pairwise, so neither order is numpy's; both are
    /// within a few ulp). The CPU forward pass sums each band row with it (<see cref="BandRowSquares"/>).
    /// </summary>
    internal static double SumOfSquares(ReadOnlySpan<double> values)
    {
        var i = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= 4 * Vector<double>.Count)
        {
            Vector<double> a0 = Vector<double>.Zero, a1 = a0, a2 = a0, a3 = a0;
            var width = Vector<double>.Count;
            ref var start = ref MemoryMarshal.GetReference(values);
            for (; i <= values.Length - (4 * width); i += 4 * width)
            {
                var v0 = Vector.LoadUnsafe(ref start, (nuint)i);
                var v1 = Vector.LoadUnsafe(ref start, (nuint)(i + width));
                var v2 = Vector.LoadUnsafe(ref start, (nuint)(i + (2 * width)));
                var v3 = Vector.LoadUnsafe(ref start, (nuint)(i + (3 * width)));
                a0 += v0 * v0;
                a1 += v1 * v1;
                a2 += v2 * v2;
                a3 += v3 * v3;
            }
            sum = Vector.Sum((a0 + a1) + (a2 + a3));
        }
        for (; i < values.Length; i++)
            sum += values[i] * values[i];
        return sum;
    }

    /// <summary>VisuShrink's universal threshold σ·sqrt(2 ln N), N = pixels of the image.</summary>
    public static double UniversalThreshold(double sigma, long pixelCount) =>
        sigma * Math.Sqrt(2 * Math.Log(pixelCount));
}
