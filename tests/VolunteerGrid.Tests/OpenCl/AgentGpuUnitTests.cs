using System.Text.Json.Nodes;
using VolunteerGrid.Agent.Devices;
using VolunteerGrid.Agent.Execution;
using VolunteerGrid.Agent.Manifests;
using VolunteerGrid.Agent.Work;
using VolunteerGrid.Shared.Protocol.Grid;
using VolunteerGrid.Tests.Agent;
using VolunteerGrid.Tests.Mosaic;
using VolunteerGrid.WorkUnits.Contract;
using VolunteerGrid.WorkUnits.Mosaic;

namespace VolunteerGrid.Tests.OpenCl;

/// <summary>
/// The agent's work loop with an OpenCL device enabled: a GPU-capable unit (mosaic.project) runs on
/// it and the result report names it; a device that fails falls back to the CPU and says so.
/// </summary>
public sealed class AgentGpuUnitTests : IDisposable
{
    private readonly AgentHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task RunAsync_GpuEnabledForGpuCapableKind_ReportNamesTheOpenClDevice()
    {
        var device = PoclDevice.Require();
        var gpu = new ProbedGpu(device.Index, new DeviceInfo("opencl-cpu", device.Vendor, device.Name, device.DriverVersion, device.GlobalMemoryBytes >> 20, true));

        var report = await RunProjectUnitAsync(gpu);

        Assert.Equal(gpu.Info, report.Device);
        Assert.Contains(report.Outputs, o => o.Name == MosaicNames.Projected);
    }

    [Fact]
    public async Task RunAsync_GpuThatCannotRun_FallsBackToCpuAndReportsCpu()
    {
        PoclDevice.Require();
        // Device 99 does not exist: the unit's OpenCL request fails and the CPU kernel runs.
        var missing = new ProbedGpu(99, new DeviceInfo("opencl-gpu", "Acme", "Ghost", "1.0", 1024, true));

        var report = await RunProjectUnitAsync(missing);

        Assert.Equal("cpu", report.Device.Kind);
        Assert.Contains(report.Outputs, o => o.Name == MosaicNames.ProjectedArea);
    }

    private async Task<ResultReport> RunProjectUnitAsync(ProbedGpu gpu)
    {
        var header = SkyFieldGenerator.Header("TAN", SkyFieldGenerator.CentreRa, SkyFieldGenerator.CentreDec, 33, 29, 1.0, 5.0);
        var generator = new SkyFieldGenerator(seed: 8);
        var imagePath = Path.Combine(_h.DataDirectory + "-in", "image.fits");
        Directory.CreateDirectory(Path.GetDirectoryName(imagePath)!);
        SkyFieldGenerator.Write(imagePath, header, generator.Render(header, generator.Catalogue(5, 0.005), new WorkUnits.Background.BackgroundPlane(0, 0, 3), noise: 1));
        var image = await File.ReadAllBytesAsync(imagePath);
        var template = System.Text.Encoding.ASCII.GetBytes(SkyFieldGenerator.Template(SkyFieldGenerator.Header("TAN", SkyFieldGenerator.CentreRa, SkyFieldGenerator.CentreDec, 40, 40, 1.0, 0)));
        Directory.Delete(Path.GetDirectoryName(imagePath)!, recursive: true);
        _h.Coordinator.Files[TestCertificates.Sha256(image)] = image;
        _h.Coordinator.Files[TestCertificates.Sha256(template)] = template;
        var parameters = JsonNode.Parse(new ProjectUnitKind().ToJson(new ProjectUnitParameters("fast")).GetRawText())!;
        var manifest = TestCertificates.ManifestJson("u1", ProjectUnitKind.KindName, 1, parameters,
            [("image.fits", image), (MosaicNames.Template, template)], [(MosaicNames.Projected, 1 << 20), (MosaicNames.ProjectedArea, 1 << 20)], _h.Time.GetUtcNow());
        _h.Assign("r1", manifest);
        var kinds = new KindRegistry().Add(new ProjectUnitKind());
        var devices = new HostDevices(HostDevices.CpuOnly(256).Cpu, [gpu]);
        var loop = new WorkLoop(new CoordinatorClient(_h.Http), new AgentStateStore(_h.DataDirectory), new SignedManifestVerifier(_h.Time),
            new InProcessUnitRunner(kinds, _h.Time), kinds, _h.Options, _h.Time, new StatusReporter(_h.Output, isTerminal: false, _h.Time),
            idle: null, random: new Random(1), devices: devices);

        Assert.Equal("r1", await _h.RunUntilFirstReportAsync(loop));

        Assert.Empty(_h.Coordinator.Failed);
        return Assert.Single(_h.Coordinator.Completed).Report;
    }
}
