namespace VolunteerGrid.WorkUnits.Wavelets.OpenCl;

/// <summary>The CPU transforms of <see cref="WaveletTransform2D"/>.</summary>
internal sealed class CpuDwtEngine : IDwtEngine
{
    public static CpuDwtEngine Instance { get; } = new();

    public WaveletDecomposition Decompose(Plane image, Wavelet wavelet, int levels, ParallelOptions? options) =>
        WaveletTransform2D.Decompose(image, wavelet, levels, pooled: true, options);

    public Plane Reconstruct(WaveletDecomposition decomposition, IReadOnlyList<BandThresholds> thresholds, ThresholdMode mode, ParallelOptions? options) =>
        WaveletTransform2D.Reconstruct(decomposition, thresholds, mode, pooledResult: true, options);

    public void Release(WaveletDecomposition decomposition) => WaveletTransform2D.Release(decomposition);
}
