using VolunteerGrid.Shared.Fits;
using VolunteerGrid.Tests.Cli;
using VolunteerGrid.Tests.Mosaic;

namespace VolunteerGrid.Tests.OpenCl;

/// <summary>
/// The standalone commands without OpenCL: with no loader (the library override points at a file
/// that does not exist: DllNotFoundException) and with a loader but no driver (an empty
/// OCL_ICD_VENDORS folder: clGetPlatformIDs returns −1001), <c>--device auto</c> runs on the CPU and
/// <c>--device opencl</c> is a one-line error saying why; on PoCL, <c>--device opencl</c> runs there.
/// </summary>
[Trait("Category", "Integration")]
public sealed class OpenClFallbackTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vgrid-opencl-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Dictionary<string, string> NoLoader => new() { ["VGRID_OPENCL_LIBRARY"] = "/nonexistent/libOpenCL.so.1" };

    private Dictionary<string, string> NoIcd()
    {
        var vendors = Directory.CreateDirectory(Path.Combine(_dir, "no-vendors")).FullName;
        return new() { ["OCL_ICD_VENDORS"] = vendors };
    }

    private (string Image, string Template) WriteField()
    {
        var header = SkyFieldGenerator.Header("TAN", SkyFieldGenerator.CentreRa, SkyFieldGenerator.CentreDec, 48, 40, 1.0, 7.0);
        var generator = new SkyFieldGenerator(seed: 3);
        var pixels = generator.Render(header, generator.Catalogue(10, 0.01), new WorkUnits.Background.BackgroundPlane(0, 0, 5), noise: 1);
        var image = Path.Combine(_dir, "in.fits");
        SkyFieldGenerator.Write(image, header, pixels);
        var template = Path.Combine(_dir, "t.hdr");
        File.WriteAllText(template, SkyFieldGenerator.Template(SkyFieldGenerator.Header("TAN", SkyFieldGenerator.CentreRa, SkyFieldGenerator.CentreDec, 60, 60, 1.0, 0)));
        return (image, template);
    }

    [Fact]
    public async Task Denoise_NoOpenClLoader_AutoRunsOnCpu()
    {
        var (image, _) = WriteField();
        var output = Path.Combine(_dir, "out.fits");

        var (code, stdout, stderr) = await VgridChild.RunAsync(NoLoader, "denoise", image, output, "--device", "auto");

        Assert.True(code == 0, $"exit {code}: {stdout} {stderr}");
        Assert.Contains("on cpu", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(output));
    }

    [Fact]
    public async Task Denoise_NoOpenClLoaderAndOpenClRequired_FailsWithOneLine()
    {
        var (image, _) = WriteField();

        var (code, stdout, stderr) = await VgridChild.RunAsync(NoLoader, "denoise", image, Path.Combine(_dir, "out.fits"), "--device", "opencl");

        Assert.Equal(69, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("no OpenCL loader", line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Project_NoIcd_AutoRunsOnCpuAndOpenClRequiredNamesTheError()
    {
        var (image, template) = WriteField();
        var environment = NoIcd();

        var auto = await VgridChild.RunAsync(environment, "project", image, Path.Combine(_dir, "p.fits"), template, "--method", "fast", "--device", "auto");
        var required = await VgridChild.RunAsync(environment, "project", image, Path.Combine(_dir, "q.fits"), template, "--method", "fast", "--device", "opencl");

        Assert.True(auto.Code == 0, $"exit {auto.Code}: {auto.Out} {auto.Err}");
        Assert.Contains("on cpu", auto.Out, StringComparison.Ordinal);
        Assert.Equal(69, required.Code);
        Assert.Contains("CL_PLATFORM_NOT_FOUND_KHR", Assert.Single(required.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Project_OnPocl_OpenClMatchesCpuOutput()
    {
        PoclDevice.Require();
        var (image, template) = WriteField();
        var cpuPath = Path.Combine(_dir, "cpu.fits");
        var gpuPath = Path.Combine(_dir, "gpu.fits");

        var cpu = await CliRunner.RunAsync("project", image, cpuPath, template, "--method", "fast", "--device", "cpu");
        var gpu = await CliRunner.RunAsync("project", image, gpuPath, template, "--method", "fast", "--device", "opencl");

        Assert.True(cpu.Code == 0, cpu.Err);
        Assert.True(gpu.Code == 0, gpu.Err);
        Assert.Contains("on opencl (", gpu.Out, StringComparison.Ordinal);
        var comparer = new WorkUnits.Mosaic.ProjectedImageComparer("image", "area");
        var outcome = comparer.Compare(Result(cpuPath), Result(gpuPath));
        Assert.True(outcome.Agree, outcome.Reason);
    }

    [Fact]
    public async Task Denoise_OnPocl_OpenClMatchesCpuOutput()
    {
        PoclDevice.Require();
        var (image, _) = WriteField();
        var cpuPath = Path.Combine(_dir, "cpu.fits");
        var gpuPath = Path.Combine(_dir, "gpu.fits");

        var cpu = await CliRunner.RunAsync("denoise", image, cpuPath, "--wavelet", "db2", "--cycle-spin", "1", "--device", "cpu");
        var gpu = await CliRunner.RunAsync("denoise", image, gpuPath, "--wavelet", "db2", "--cycle-spin", "1", "--device", "opencl");

        Assert.True(cpu.Code == 0, cpu.Err);
        Assert.True(gpu.Code == 0, gpu.Err);
        Assert.Contains("on opencl (", gpu.Out, StringComparison.Ordinal);
        using var a = FitsFile.Open(cpuPath);
        using var b = FitsFile.Open(gpuPath);
        var x = a.ReadImageFloat32(0).Pixels;
        var y = b.ReadImageFloat32(0).Pixels;
        var peak = x.Max(Math.Abs);
        Assert.All(Enumerable.Range(0, x.Length), i => Assert.True(Math.Abs(x[i] - y[i]) <= 1e-5 * peak, $"pixel {i}: {x[i]} vs {y[i]}"));
    }

    private static WorkUnits.Contract.UnitResultFiles Result(string path) =>
        new(new Dictionary<string, string> { ["image"] = path, ["area"] = WorkUnits.Reprojection.ProjectedImageFile.AreaPathFor(path) });
}
