using System.Diagnostics;
using System.Globalization;
using VolunteerGrid.Shared.Fits;
using VolunteerGrid.Shared.Wcs;
using VolunteerGrid.WorkUnits.Contract;
using VolunteerGrid.WorkUnits.OpenCl;
using VolunteerGrid.WorkUnits.Reprojection;
using VolunteerGrid.WorkUnits.Reprojection.OpenCl;
using VolunteerGrid.WorkUnits.Wavelets;
using VolunteerGrid.WorkUnits.Wavelets.OpenCl;

namespace VolunteerGrid.Benchmarks.OpenCl;

/// <summary>
/// The C# half of scripts/opencl-vs-cpu.sh: our CPU kernels (all cores) against the same kernels on
/// the first usable OpenCL device, side by side, in a plain timing loop (BenchmarkDotNet's generated
/// build times out on this loaded machine). For each size: fast reprojection (TAN→TAN, rotated 3°
/// against −4°) and wavelet denoising (db2 BayesShrink soft, no cycle spin), best of N, as megapixels
/// per wall second and per CPU second of the process (PoCL's threads are this process's threads, so
/// on a shared machine CPU seconds are the fairer figure for a CPU device).
/// Usage: opencl-side-by-side REPEATS SIZE...
/// </summary>
public static class OpenClSideBySide
{
    public static bool TryRun(string[] args)
    {
        if (args is not ["opencl-side-by-side", var repeatsText, .. var sizes])
            return false;
        var repeats = int.Parse(repeatsText, CultureInfo.InvariantCulture);
        var found = OpenClDiscovery.Discover();
        var device = found.Any ? ComputeDeviceSelector.Select(ComputeDevice.OpenCl) : null;
        Console.WriteLine(device is null
            ? $"no usable OpenCL device: {found.Unavailable}"
            : $"OpenCL device: {device.Describe()} ({device.ComputeUnits} compute units); CPU kernels: {Environment.ProcessorCount} cores");
        Console.WriteLine("kernel        size   device  best wall s  Mpx/s(wall)  CPU s  Mpx/CPU-s");
        foreach (var size in sizes.Select(s => int.Parse(s, CultureInfo.InvariantCulture)))
        {
            var (pixels, input, template, window) = ReprojectionCase(size);
            Report("reproject", size, "cpu", repeats, () => Reprojector.Reproject(pixels, size, size, input, template, window, ReprojectionMethod.Fast));
            if (device is not null)
            {
                var request = new DeviceRequest(ComputeDevice.OpenCl);
                Report("reproject", size, "opencl", repeats, () => DeviceReprojector.ReprojectToFootprint(pixels, size, size, input, template, ReprojectionMethod.Fast, request));
            }
            var image = DenoiseCase(size);
            var settings = new DenoiseSettings("db2");
            Report("denoise", size, "cpu", repeats, () => WaveletDenoiser.Denoise(image, settings));
            if (device is not null)
                Report("denoise", size, "opencl", repeats, () => DeviceWaveletDenoiser.Denoise(image, settings, new DeviceRequest(ComputeDevice.OpenCl)));
        }
        return true;
    }

    private static void Report(string kernel, int size, string device, int repeats, Func<object> run)
    {
        run(); // warm-up: JIT, and the OpenCL program build (or binary cache load)
        double bestWall = double.MaxValue, bestCpu = double.MaxValue;
        using var self = Process.GetCurrentProcess();
        for (var i = 0; i < repeats; i++)
        {
            self.Refresh();
            var cpu0 = self.TotalProcessorTime.TotalSeconds;
            var wall = Stopwatch.StartNew();
            GC.KeepAlive(run());
            var w = wall.Elapsed.TotalSeconds;
            self.Refresh();
            bestWall = Math.Min(bestWall, w);
            bestCpu = Math.Min(bestCpu, self.TotalProcessorTime.TotalSeconds - cpu0);
        }
        var mpx = (double)size * size / 1e6;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{kernel,-12} {size,5}   {device,-6}  {bestWall,11:F3}  {mpx / bestWall,11:F2}  {bestCpu,5:F2}  {mpx / bestCpu,9:F2}"));
    }

    private static (float[] Pixels, CelestialWcs Input, TemplateGrid Template, PixelWindow Window) ReprojectionCase(int size)
    {
        var input = CelestialWcs.Create(Header(150.0, 2.0, size, size, 3.0), "bench");
        var template = TemplateGrid.FromHeader(Header(150.01, 2.01, size + (size / 4), size + (size / 4), -4.0), "bench template");
        var random = new Random(1);
        var pixels = new float[size * size];
        for (var i = 0; i < pixels.Length; i++)
            pixels[i] = 100 + (float)random.NextDouble();
        return (pixels, input, template, Footprint.Of(input, size, size, template));
    }

    private static Plane DenoiseCase(int size)
    {
        var random = new Random(2);
        var image = new Plane(size, size);
        for (var i = 0; i < image.Data.Length; i++)
            image.Data[i] = 10 + random.NextDouble();
        return image;
    }

    private static FitsHeader Header(double ra, double dec, int width, int height, double rotation)
    {
        var s = 1.0 / 3600;
        var (sin, cos) = Math.SinCos(rotation * Math.PI / 180);
        var h = new FitsHeader();
        h.Set("NAXIS", 2L).Set("NAXIS1", (long)width).Set("NAXIS2", (long)height);
        h.Set("CTYPE1", "RA---TAN").Set("CTYPE2", "DEC--TAN").Set("CRVAL1", ra).Set("CRVAL2", dec);
        h.Set("CRPIX1", (width + 1) / 2.0).Set("CRPIX2", (height + 1) / 2.0);
        h.Set("CD1_1", -s * cos).Set("CD1_2", s * sin).Set("CD2_1", s * sin).Set("CD2_2", s * cos);
        return h;
    }
}
