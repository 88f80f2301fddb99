using VolunteerGrid.WorkUnits.OpenCl;

namespace VolunteerGrid.WorkUnits.Wavelets.OpenCl;

/// <summary>
/// The dispatch seam for denoising: <see cref="WaveletDenoiser"/> with its transforms on the device
/// the request selects, or on the CPU (CPU requested, no usable device on auto, or an OpenCL failure
/// on auto, in which case the whole run is redone on the CPU).
/// </summary>
public static class DeviceWaveletDenoiser
{
    public static Plane Denoise(Plane image, DenoiseSettings settings, DeviceRequest device, ParallelOptions? options = null) =>
        device.Run(session => OnDevice(session, engine => WaveletDenoiser.DenoiseOn(image, settings, engine, options)), "wavelet denoising")
            ?? WaveletDenoiser.Denoise(image, settings, options);

    public static DenoiseStatistics ComputeStatistics(Plane image, DenoiseSettings settings, DeviceRequest device, ParallelOptions? options = null) =>
        device.Run(session => OnDevice(session, engine => WaveletDenoiser.ComputeStatisticsOn(image, settings, engine, options)), "wavelet statistics")
            ?? WaveletDenoiser.ComputeStatistics(image, settings, options);

    public static Plane DenoiseWindow(Plane image, DenoiseSettings settings, DenoiseStatistics statistics, TileWindow window, DeviceRequest device, ParallelOptions? options = null) =>
        device.Run(session => OnDevice(session, engine => WaveletDenoiser.DenoiseWindowOn(image, settings, statistics, window, engine, options)), "wavelet denoising")
            ?? WaveletDenoiser.DenoiseWindow(image, settings, statistics, window, options);

    private static T OnDevice<T>(OpenClSession session, Func<IDwtEngine, T> run)
    {
        using var engine = new OpenClDwtEngine(session);
        return run(engine);
    }
}
