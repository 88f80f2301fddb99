using System.Diagnostics;

namespace VolunteerGrid.Tests.OpenCl;

/// <summary>
/// Runs <c>dotnet vgrid.dll ARGS</c> to completion with extra environment variables. The OpenCL
/// loader and the ICD list are read once per process, so hiding them takes a fresh process.
/// </summary>
internal static class VgridChild
{
    public static async Task<(int Code, string Out, string Err)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "vgrid.dll"));
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        foreach (var (key, value) in environment)
            info.Environment[key] = value;
        info.Environment["VGRID_OPENCL_CACHE"] = PoclDevice.CacheDirectory;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet vgrid.dll");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"vgrid {string.Join(' ', args)} did not finish within 60 s; output so far: {await stdout} {await stderr}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
