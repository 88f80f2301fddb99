using System.CommandLine;
using System.Globalization;
using VolunteerGrid.WorkUnits.Wavelets;
using VolunteerGrid.WorkUnits.Wavelets.OpenCl;

namespace VolunteerGrid.Cli.Commands;

/// <summary>
/// <c>vgrid denoise IN.fits OUT.fits</c>: wavelet denoising of one image (every plane of a cube)
/// in this process, equal to skimage.restoration.denoise_wavelet / cycle_spin.
/// </summary>
public static class DenoiseCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("IN.fits") { Description = "Input FITS image (2-D, or a cube denoised plane by plane)." };
        var output = new Argument<string>("OUT.fits") { Description = "Output FITS (float32, NaN where the input is blank)." };
        var wavelet = new Option<string>("--wavelet") { Description = $"Wavelet: {string.Join(", ", Wavelet.Names)} (haar = db1).", DefaultValueFactory = _ => "db1" };
        var method = new Option<string>("--method") { Description = "BayesShrink (per sub-band) or VisuShrink (universal).", DefaultValueFactory = _ => "BayesShrink" };
        var mode = new Option<string>("--mode") { Description = "soft or hard thresholding.", DefaultValueFactory = _ => "soft" };
        var sigma = new Option<double?>("--sigma") { Description = "Noise sigma; default: estimated from the finest diagonal details." };
        var levels = new Option<int?>("--levels") { Description = "Decomposition levels; default: skimage's (max level − 3, at least 1)." };
        var cycleSpin = new Option<int>("--cycle-spin") { Description = "Cycle spinning max shift K: average over (K+1)² shifts; 0 = off.", DefaultValueFactory = _ => 0 };
        var hdu = new Option<int>("--hdu") { Description = "HDU to read (0 = primary).", DefaultValueFactory = _ => 0 };
        var threads = new Option<int>("--threads") { Description = "Cores to use.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var device = DeviceCli.Option();
        var command = new Command("denoise", "Wavelet-denoise a FITS image (as skimage's denoise_wavelet, optionally cycle-spun).")
        {
            input, output, wavelet, method, mode, sigma, levels, cycleSpin, hdu, threads, device,
        };
        CliAction.Set(command, (parse, ct) =>
        {
            var inPath = parse.GetValue(input)!;
            var outPath = parse.GetValue(output)!;
            if (!File.Exists(inPath))
                throw new CliException($"input {inPath} does not exist: give the path of a FITS image", ExitCodes.Usage);
            var settings = new DenoiseSettings(
                parse.GetValue(wavelet)!,
                ParseMethod(parse.GetValue(method)!),
                ParseMode(parse.GetValue(mode)!),
                parse.GetValue(sigma),
                parse.GetValue(levels),
                parse.GetValue(cycleSpin));
            var errors = new List<string>();
            settings.Validate(errors);
            if (errors.Count > 0)
                throw new CliException(string.Join("; ", errors), ExitCodes.Usage);
            var cores = parse.GetValue(threads);
            if (cores < 1)
                throw new CliException($"--threads {cores} must be at least 1", ExitCodes.Usage);

            var image = DenoiseImage.Read(inPath, parse.GetValue(hdu));
            var options = new ParallelOptions { MaxDegreeOfParallelism = cores, CancellationToken = ct };
            var request = DeviceCli.Request(parse, device, parse.InvocationConfiguration.Output);
            var planes = new Plane[image.Planes.Count];
            for (var p = 0; p < planes.Length; p++)
            {
                try
                {
                    planes[p] = DeviceCli.Run(() => DeviceWaveletDenoiser.Denoise(image.Planes[p], settings, request, options));
                }
                catch (Exception e) when (e is ArgumentException or InvalidDataException)
                {
                    var where = planes.Length > 1 ? $" plane {p + 1} of {planes.Length}" : "";
                    throw new CliException($"{inPath}{where}: {e.Message}", e is ArgumentException ? ExitCodes.Usage : ExitCodes.DataError);
                }
            }
            var header = image.Header.Clone();
            header.AddHistory(string.Create(CultureInfo.InvariantCulture,
                $"vgrid denoise: {settings.Wavelet} {settings.Method} {settings.Mode} levels={settings.Levels?.ToString(CultureInfo.InvariantCulture) ?? "default"} sigma={settings.Sigma?.ToString("R", CultureInfo.InvariantCulture) ?? "estimated"} cycle-spin={settings.CycleSpin}"));
            DenoiseImage.WriteFloat32(outPath, header, image.Axes, planes);
            parse.InvocationConfiguration.Output.WriteLine($"denoised {inPath} ({image.Axes[0]}×{image.Axes[1]}{(planes.Length > 1 ? $"×{planes.Length}" : "")}) -> {outPath} on {DeviceCli.Describe(request)}");
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    private static ShrinkageMethod ParseMethod(string text) => text.ToLowerInvariant() switch
    {
        "bayesshrink" or "bayes" => ShrinkageMethod.BayesShrink,
        "visushrink" or "visu" => ShrinkageMethod.VisuShrink,
        _ => throw new CliException($"--method '{text}' is unknown: use BayesShrink or VisuShrink", ExitCodes.Usage),
    };

    private static ThresholdMode ParseMode(string text) => text.ToLowerInvariant() switch
    {
        "soft" => ThresholdMode.Soft,
        "hard" => ThresholdMode.Hard,
        _ => throw new CliException($"--mode '{text}' is unknown: use soft or hard", ExitCodes.Usage),
    };
}
