using System.Diagnostics;

using VolunteerGrid.Tests.OpenCl;

namespace VolunteerGrid.Tests.Cli;

/// <summary>
/// Runs <c>dotnet vgrid.dll ARGS</c> to completion with extra environment variables, for what a
/// process reads once: the OpenCL loader and ICD list, or the JIT's instruction sets
/// (DOTNET_EnableAVX=0 for the scalar fallbacks). The child's OpenCL kernel cache is the tests' own.
/// </summary>
internal static class VgridChild
{
    public static async Task<(int Code, string Out, string Err)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = StartInfo(args);
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

    /// <summary><c>dotnet vgrid.dll ARGS</c> from the test output folder, both pipes redirected.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> args)
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
        return info;
    }
}
