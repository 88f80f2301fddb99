using System.Net;
using System.Security.Cryptography.X509Certificates;
using VolunteerGrid.Agent.Devices;
using VolunteerGrid.Agent.Doctor;
using VolunteerGrid.Shared.Protocol.Grid;
using VolunteerGrid.Tests.Agent;
using VolunteerGrid.Tests.Cli;
using VolunteerGrid.Tests.Grid;
using VolunteerGrid.Tests.OpenCl;

namespace VolunteerGrid.Tests.Installer;

/// <summary><c>vgrid-agent doctor</c>: each failure case gives a plain message and a non-zero exit.</summary>
public sealed class AgentDoctorTests : IDisposable
{
    private static readonly Uri Coordinator = new("http://coordinator.test/");
    private readonly string _data = Directory.CreateTempSubdirectory("vgrid-doctor-").FullName;
    private readonly X509Certificate2 _project = TestCertificates.Create("project");
    private readonly X509Certificate2 _impostor = TestCertificates.Create("impostor");

    [Fact]
    public async Task Doctor_EverythingFine_AllOkAndExitZero()
    {
        File.WriteAllText(Path.Combine(_data, AgentDoctor.PinnedCertificateName), TestCertificates.Pem(_project));

        var findings = await Doctor(serving: _project).RunAsync(Inputs(), CancellationToken.None);

        Assert.All(findings, f => Assert.Equal(DoctorStatus.Ok, f.Status));
        Assert.Equal(["coordinator", "certificate", "disk", "opencl"], findings.Select(f => f.Check));
        Assert.Equal(0, AgentDoctor.Report(findings, new StringWriter()));
    }

    [Fact]
    public async Task Doctor_CoordinatorDown_SaysItCannotBeReachedAndExitsOne()
    {
        var closed = new Uri($"http://127.0.0.1:{CoordinatorProcess.FreePort()}/");
        var doctor = new AgentDoctor(new FakeDisk(long.MaxValue), new FakeOpenCl(new OpenClReport([new OpenClReportDevice(0, "Acme / Tesla", IsGpu: true)], null)));

        var findings = await doctor.RunAsync(Inputs() with { Coordinator = closed, ConfigFile = "/etc/vgrid-agent/agent.conf" }, CancellationToken.None);

        var finding = Assert.Single(findings, f => f.Check == "coordinator");
        Assert.Equal(DoctorStatus.Problem, finding.Status);
        Assert.Contains($"cannot reach the coordinator at {closed}", finding.Message, StringComparison.Ordinal);
        Assert.Contains("Is the coordinator running, and is the URL right?", finding.Message, StringComparison.Ordinal);
        Assert.Contains("set 'coordinator = URL' in /etc/vgrid-agent/agent.conf", finding.Message, StringComparison.Ordinal);
        var output = new StringWriter();
        Assert.Equal(1, AgentDoctor.Report(findings, output));
        Assert.Contains("PROBLEM  coordinator:", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_NotACoordinator_SaysTheUrlIsWrong()
    {
        var doctor = new AgentDoctor(new FakeDisk(long.MaxValue), new FakeOpenCl(new OpenClReport([new OpenClReportDevice(0, "Acme / Tesla", IsGpu: true)], null)),
            new StubHandler(HttpStatusCode.NotFound, "no such page"));

        var findings = await doctor.RunAsync(Inputs(), CancellationToken.None);

        var finding = Assert.Single(findings, f => f.Check == "coordinator");
        Assert.Equal(DoctorStatus.Problem, finding.Status);
        Assert.Contains("answered 404 Not Found", finding.Message, StringComparison.Ordinal);
        Assert.Contains("is this the VolunteerGrid coordinator's URL?", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_WrongPinnedCertificate_NamesBothFingerprintsAndWhatToDo()
    {
        File.WriteAllText(Path.Combine(_data, AgentDoctor.PinnedCertificateName), TestCertificates.Pem(_project));

        var findings = await Doctor(serving: _impostor).RunAsync(Inputs(), CancellationToken.None);

        var finding = Assert.Single(findings, f => f.Check == "certificate");
        Assert.Equal(DoctorStatus.Problem, finding.Status);
        Assert.Contains($"serves project certificate SHA-256 {Fingerprint(_impostor)}", finding.Message, StringComparison.Ordinal);
        Assert.Contains($"this agent pinned SHA-256 {Fingerprint(_project)}", finding.Message, StringComparison.Ordinal);
        Assert.Contains("The agent will refuse every work unit", finding.Message, StringComparison.Ordinal);
        Assert.Equal(1, AgentDoctor.Report(findings, new StringWriter()));
    }

    [Fact]
    public async Task Doctor_ProjectCertFlagDiffersFromCoordinator_IsAProblemToo()
    {
        var pem = Path.Combine(_data, "given.pem");
        File.WriteAllText(pem, TestCertificates.Pem(_impostor));

        var findings = await Doctor(serving: _project).RunAsync(Inputs() with { ProjectCertificateFile = pem }, CancellationToken.None);

        var finding = Assert.Single(findings, f => f.Check == "certificate");
        Assert.Equal(DoctorStatus.Problem, finding.Status);
        Assert.Contains(pem, finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_ProjectCertFileMissing_SaysSo()
    {
        var missing = Path.Combine(_data, "missing.pem");

        var findings = await Doctor(serving: _project).RunAsync(Inputs() with { ProjectCertificateFile = missing }, CancellationToken.None);

        var finding = Assert.Single(findings, f => f.Check == "certificate");
        Assert.Equal(DoctorStatus.Problem, finding.Status);
        Assert.StartsWith($"project-cert {missing} does not exist", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_NothingPinnedYet_WarnsWithTheFingerprintItWouldTrust()
    {
        var findings = await Doctor(serving: _project).RunAsync(Inputs(), CancellationToken.None);

        var finding = Assert.Single(findings, f => f.Check == "certificate");
        Assert.Equal(DoctorStatus.Warning, finding.Status);
        Assert.Contains($"({"SHA-256 " + Fingerprint(_project)}) on first contact", finding.Message, StringComparison.Ordinal);
        Assert.Equal(0, AgentDoctor.Report(findings, new StringWriter()));
    }

    [Fact]
    public async Task Doctor_DiskNearlyFull_SaysHowMuchIsFreeAndNeeded()
    {
        var doctor = new AgentDoctor(new FakeDisk(10L << 20), new FakeOpenCl(new OpenClReport([new OpenClReportDevice(0, "Acme / Tesla", IsGpu: true)], null)), new StubHandler(HttpStatusCode.OK, TestCertificates.Pem(_project)));

        var findings = await doctor.RunAsync(Inputs() with { CacheMb = 2048 }, CancellationToken.None);

        var finding = Assert.Single(findings, f => f.Check == "disk");
        Assert.Equal(DoctorStatus.Problem, finding.Status);
        Assert.Equal($"only 10 MB free on the disk of {_data}, but the input cache may grow by 2048 MB more (cache-mb = 2048) and a unit's outputs need about 256 MB: free some space or lower cache-mb", finding.Message);
    }

    [Fact]
    public async Task Doctor_CacheAlreadyFilled_CountsWhatIsCachedAsUsed()
    {
        // 1 MB cached of a 2 MB cache: 1 MB more plus the work allowance must be free.
        Directory.CreateDirectory(Path.Combine(_data, "cache"));
        File.WriteAllBytes(Path.Combine(_data, "cache", "input"), new byte[1 << 20]);
        var needed = (1L << 20) + (AgentDoctor.WorkAllowanceMb << 20);

        var enough = await Doctor(serving: _project, freeBytes: needed).RunAsync(Inputs() with { CacheMb = 2 }, CancellationToken.None);
        var short1 = await Doctor(serving: _project, freeBytes: needed - 1).RunAsync(Inputs() with { CacheMb = 2 }, CancellationToken.None);

        Assert.Equal(DoctorStatus.Ok, enough.Single(f => f.Check == "disk").Status);
        Assert.Equal(DoctorStatus.Problem, short1.Single(f => f.Check == "disk").Status);
    }

    [Fact]
    public async Task Doctor_RealDiskSmallerThanTheCache_IsAProblem()
    {
        // A petabyte cache does not fit on any disk this test runs on: the real free-space path.
        var doctor = new AgentDoctor(new DriveDiskSpace(), new FakeOpenCl(new OpenClReport([new OpenClReportDevice(0, "Acme / Tesla", IsGpu: true)], null)), new StubHandler(HttpStatusCode.OK, TestCertificates.Pem(_project)));

        var findings = await doctor.RunAsync(Inputs() with { CacheMb = 1L << 30 }, CancellationToken.None);

        Assert.Equal(DoctorStatus.Problem, findings.Single(f => f.Check == "disk").Status);
    }

    [Fact]
    public async Task Doctor_NoOpenClLibraryWithAGpuDeviceNamed_IsAProblemThatNamesTheLibrary()
    {
        var probe = new ChildProcessOpenClProbe(MissingLoader);
        var doctor = new AgentDoctor(new FakeDisk(long.MaxValue), probe, new StubHandler(HttpStatusCode.OK, TestCertificates.Pem(_project)));

        var findings = await doctor.RunAsync(Inputs(), CancellationToken.None);

        var finding = Assert.Single(findings, f => f.Check == "opencl");
        Assert.Equal(DoctorStatus.Problem, finding.Status);
        Assert.Contains("OpenCL library 'libOpenCL-vgrid-test-missing.so.9' (from VGRID_OPENCL_LIBRARY) could not be loaded", finding.Message, StringComparison.Ordinal);
        Assert.Contains("or set gpu = auto (CPU when there is no GPU) or off", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_NoOpenClWithGpuAuto_OnlyWarnsBecauseUnitsFallBackToTheCpu()
    {
        var doctor = new AgentDoctor(new FakeDisk(long.MaxValue), new ChildProcessOpenClProbe(MissingLoader), new StubHandler(HttpStatusCode.OK, TestCertificates.Pem(_project)));

        var findings = await doctor.RunAsync(Inputs() with { Gpu = GpuSelection.Auto }, CancellationToken.None);

        var finding = findings.Single(f => f.Check == "opencl");
        Assert.Equal(DoctorStatus.Warning, finding.Status);
        Assert.EndsWith("(gpu = auto: units run on the CPU)", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_OpenClLoaderWithoutPlatform_SaysToInstallADriver()
    {
        var doctor = new AgentDoctor(new FakeDisk(long.MaxValue), new FakeOpenCl(new OpenClReport([], "the OpenCL loader (libOpenCL.so.1) found no platform: install your GPU vendor's OpenCL driver")),
            new StubHandler(HttpStatusCode.OK, TestCertificates.Pem(_project)));

        var findings = await doctor.RunAsync(Inputs(), CancellationToken.None);

        var finding = findings.Single(f => f.Check == "opencl");
        Assert.Equal(DoctorStatus.Problem, finding.Status);
        Assert.StartsWith("gpu = 0 asks for OpenCL device 0, but the OpenCL loader (libOpenCL.so.1) found no platform", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_GpuDeviceNumberBeyondTheDevices_SaysWhichExist()
    {
        var findings = await Doctor(serving: _project).RunAsync(Inputs() with { Gpu = new GpuSelection(true, 2) }, CancellationToken.None);

        var finding = findings.Single(f => f.Check == "opencl");
        Assert.Equal(DoctorStatus.Problem, finding.Status);
        Assert.Equal("gpu = 2, but there is no such device: OpenCL device(s) the agent can use: 0: Acme / Tesla, 1: The pocl project / cpu (CPU driver) (devices without double precision are left out): choose one of those numbers, or auto", finding.Message);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task ChildProcessOpenClProbe_ThisMachine_NumbersThePoclDeviceAsTheAgentDoes()
    {
        // CI installs ocl-icd-libopencl1 and pocl-opencl-icd (a CPU device).
        var pocl = PoclDevice.Require();

        var report = await new ChildProcessOpenClProbe().ProbeAsync(CancellationToken.None);

        Assert.Null(report.Problem);
        var device = Assert.Single(report.Devices, d => d.Index == pocl.Index);
        Assert.False(device.IsGpu);
        Assert.Contains(pocl.Name, device.Name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_GpuAutoWithOnlyACpuDriver_SaysUnitsRunOnTheCpuKernels()
    {
        var doctor = new AgentDoctor(new FakeDisk(long.MaxValue), new FakeOpenCl(new OpenClReport([new OpenClReportDevice(0, "The pocl project / cpu", IsGpu: false)], null)),
            new StubHandler(HttpStatusCode.OK, TestCertificates.Pem(_project)));

        var findings = await doctor.RunAsync(Inputs() with { Gpu = GpuSelection.Auto }, CancellationToken.None);

        var finding = findings.Single(f => f.Check == "opencl");
        Assert.Equal(DoctorStatus.Ok, finding.Status);
        Assert.Contains("none is a GPU, so with gpu = auto units run on the CPU kernels", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DoctorCommand_CoordinatorDown_ExitsOneWithOneLinePerCheck()
    {
        var port = CoordinatorProcess.FreePort();

        var (code, stdout, _) = await CliRunner.RunAsync("agent", "doctor", "--coordinator", $"http://127.0.0.1:{port}", "--data", _data, "--cache-mb", "1");

        Assert.Equal(1, code);
        Assert.Contains($"PROBLEM  coordinator: cannot reach the coordinator at http://127.0.0.1:{port}/", stdout, StringComparison.Ordinal);
        Assert.Contains("ok       disk:", stdout, StringComparison.Ordinal);
        Assert.EndsWith("1 problem(s) found: the agent will not work properly until they are fixed\n", stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DoctorCommand_RealCoordinatorAndItsCertificate_ExitsZero()
    {
        var data = Directory.CreateTempSubdirectory("vgrid-doctor-coordinator-").FullName;
        try
        {
            using var coordinator = await CoordinatorProcess.StartAsync(data);
            var pin = Path.Combine(data, "keys", "project.crt");

            var (code, stdout, stderr) = await CliRunner.RunAsync("agent", "doctor", "--coordinator", coordinator.Url.ToString(), "--data", _data,
                "--cache-mb", "1", "--project-cert", pin);

            Assert.True(code == 0, stdout + stderr);
            Assert.Contains("ok       certificate: the coordinator's project certificate matches the pinned one", stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private AgentDoctor Doctor(X509Certificate2 serving, long freeBytes = long.MaxValue) =>
        new(new FakeDisk(freeBytes), new FakeOpenCl(new OpenClReport([new OpenClReportDevice(0, "Acme / Tesla", IsGpu: true), new OpenClReportDevice(1, "The pocl project / cpu", IsGpu: false)], null)), new StubHandler(HttpStatusCode.OK, TestCertificates.Pem(serving)));

    private DoctorInputs Inputs() => new(Coordinator, _data, null, CacheMb: 64, Gpu: new GpuSelection(true, 0), ConfigFile: null);

    private static string Fingerprint(X509Certificate2 certificate) =>
        Convert.ToHexStringLower(certificate.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256));

    public void Dispose()
    {
        _project.Dispose();
        _impostor.Dispose();
        Directory.Delete(_data, recursive: true);
    }

    private static Dictionary<string, string> MissingLoader => new() { ["VGRID_OPENCL_LIBRARY"] = "libOpenCL-vgrid-test-missing.so.9" };

    private sealed class FakeDisk(long free) : IDiskSpace
    {
        public long AvailableBytes(string existingDirectory) => free;
    }

    private sealed class FakeOpenCl(OpenClReport report) : IOpenClProbe
    {
        public Task<OpenClReport> ProbeAsync(CancellationToken ct) => Task.FromResult(report);
    }

    /// <summary>Answers the project-certificate route with a fixed status and body.</summary>
    private sealed class StubHandler(HttpStatusCode status, string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Assert.Equal(GridRoutes.ProjectCertificate, request.RequestUri!.AbsolutePath);
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body), ReasonPhrase = status == HttpStatusCode.OK ? "OK" : "Not Found" });
        }
    }
}
