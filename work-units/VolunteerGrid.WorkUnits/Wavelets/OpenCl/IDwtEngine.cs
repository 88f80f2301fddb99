namespace VolunteerGrid.WorkUnits.Wavelets.OpenCl;

/// <summary>
/// Where a denoising run does its transforms: the CPU (<see cref="CpuDwtEngine"/>) or an OpenCL
/// device (<see cref="OpenClDwtEngine"/>). The denoiser's orchestration (rolls, margins, thresholds,
/// cycle-spin sums) stays one piece of code for both. Decompositions are pooled: give them back with
/// <see cref="Release"/>; the reconstructed plane is pooled too.
/// </summary>
internal interface IDwtEngine
{
    WaveletDecomposition Decompose(Plane image, Wavelet wavelet, int levels, ParallelOptions? options);

    Plane Reconstruct(WaveletDecomposition decomposition, IReadOnlyList<BandThresholds> thresholds, ThresholdMode mode, ParallelOptions? options);

    void Release(WaveletDecomposition decomposition);
}
