using System.CommandLine;
using VolunteerGrid.Agent.Service;

namespace VolunteerGrid.Tests.Installer;

/// <summary>
/// The Windows registration code path, run on Linux against a recording fake of sc.exe, schtasks.exe
/// and reg.exe (exit codes as the real tools return them: sc.exe exits with the Win32 error).
/// </summary>
public sealed class WindowsServiceInstallerTests
{
    private const string Exe = @"C:\Program Files\VolunteerGrid\vgrid-agent.exe";
    private const string User = @"DESKTOP\ada";
    private static readonly string[] Args = ["--config", @"C:\Program Files\VolunteerGrid\agent.conf"];

    [Fact]
    public void Install_NoGpu_CreatesConfiguresAndStartsALocalServiceService()
    {
        var runner = new FakeRunner();

        var message = new WindowsServiceInstaller(runner, User).Install(new ServiceInstallRequest(Exe, Args, Gpu: false, ServiceMode.Auto));

        Assert.Equal(["sc.exe create", "sc.exe description", "sc.exe failure", "sc.exe start"], runner.Calls.Select(c => c.Tool + " " + c.Args[0]));
        var create = runner.Calls[0].Args;
        Assert.Equal(["create", "vgrid-agent", "binPath=",
            "\"C:\\Program Files\\VolunteerGrid\\vgrid-agent.exe\" --config \"C:\\Program Files\\VolunteerGrid\\agent.conf\" --windows-service",
            "start=", "auto", "obj=", @"NT AUTHORITY\LocalService", "DisplayName=", "VolunteerGrid agent"], create);
        Assert.Contains("restart/60000", runner.Calls[2].Args[^1], StringComparison.Ordinal);
        Assert.StartsWith("installed and started the Windows service 'vgrid-agent'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Install_Gpu_RegistersALogonTaskInTheUsersSessionNotAService()
    {
        var runner = new FakeRunner();

        var message = new WindowsServiceInstaller(runner, User).Install(new ServiceInstallRequest(Exe, Args, Gpu: true, ServiceMode.Auto));

        Assert.DoesNotContain(runner.Calls, c => c.Tool == "sc.exe");
        var create = runner.Calls[0];
        Assert.Equal("schtasks.exe", create.Tool);
        Assert.Equal(["/Create", "/TN", "VolunteerGrid Agent", "/TR",
            "\"C:\\Program Files\\VolunteerGrid\\vgrid-agent.exe\" --config \"C:\\Program Files\\VolunteerGrid\\agent.conf\"",
            "/SC", "ONLOGON", "/RU", User, "/IT", "/RL", "LIMITED", "/F"], create.Args);
        Assert.Equal(["/Run", "/TN", "VolunteerGrid Agent"], runner.Calls[1].Args);
        Assert.Contains("in the user's session so the GPU stays available", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Install_ServiceModeWithGpu_RefusedBecauseSessionZeroHasNoGpu()
    {
        var runner = new FakeRunner();

        var e = Assert.Throws<ServiceInstallException>(() => new WindowsServiceInstaller(runner, User).Install(new ServiceInstallRequest(Exe, Args, Gpu: true, ServiceMode.Service)));

        Assert.Contains("session 0", e.Message, StringComparison.Ordinal);
        Assert.Empty(runner.Calls);
    }

    [Fact]
    public void Install_NotAdministrator_FallsBackToATask()
    {
        var runner = new FakeRunner { ["sc.exe create"] = new(5, "[SC] OpenSCManager FAILED 5:  Access is denied.") };

        var message = new WindowsServiceInstaller(runner, User).Install(new ServiceInstallRequest(Exe, Args, Gpu: false, ServiceMode.Auto));

        Assert.Equal(["sc.exe create", "schtasks.exe /Create", "schtasks.exe /Run"], runner.Calls.Select(c => c.Tool + " " + c.Args[0]));
        Assert.StartsWith("not an administrator, so no Windows service: installed and started the scheduled task", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Install_NeitherServiceNorTaskAllowed_FallsBackToTheUsersRunKey()
    {
        var runner = new FakeRunner
        {
            ["sc.exe create"] = new(5, "Access is denied."),
            ["schtasks.exe /Create"] = new(1, "ERROR: Access is denied."),
        };

        var message = new WindowsServiceInstaller(runner, User).Install(new ServiceInstallRequest(Exe, Args, Gpu: false, ServiceMode.Auto));

        var reg = runner.Calls[^1];
        Assert.Equal("reg.exe", reg.Tool);
        Assert.Equal(["add", WindowsServiceInstaller.RunKey, "/v", "VolunteerGridAgent", "/t", "REG_SZ", "/d",
            "\"C:\\Program Files\\VolunteerGrid\\vgrid-agent.exe\" --config \"C:\\Program Files\\VolunteerGrid\\agent.conf\"", "/f"], reg.Args);
        Assert.Contains("no administrator rights were available", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Install_ExplicitServiceModeNotAdministrator_FailsWithTheFix()
    {
        var runner = new FakeRunner { ["sc.exe create"] = new(5, "Access is denied.") };

        var e = Assert.Throws<ServiceInstallException>(() => new WindowsServiceInstaller(runner, User).Install(new ServiceInstallRequest(Exe, Args, Gpu: false, ServiceMode.Service)));

        Assert.Contains("sc.exe create failed (exit code 5", e.Message, StringComparison.Ordinal);
        Assert.Contains("run this from an elevated (administrator) prompt", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Install_ServiceExists_SaysToUninstallFirst()
    {
        var runner = new FakeRunner { ["sc.exe create"] = new(1073, "[SC] CreateService FAILED 1073: The specified service already exists.") };

        var e = Assert.Throws<ServiceInstallException>(() => new WindowsServiceInstaller(runner, User).Install(new ServiceInstallRequest(Exe, Args, Gpu: false, ServiceMode.Auto)));

        Assert.Contains("already exists: run 'vgrid-agent uninstall-service' first", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Uninstall_ServiceAndTaskInstalled_StopsAndRemovesBoth()
    {
        var runner = new FakeRunner { ["reg.exe query"] = new(1, "ERROR: The system was unable to find the specified registry key or value.") };

        var message = new WindowsServiceInstaller(runner, User).Uninstall();

        Assert.Equal(["sc.exe stop", "sc.exe delete", "schtasks.exe /Query", "schtasks.exe /End", "schtasks.exe /Delete", "reg.exe query"],
            runner.Calls.Select(c => c.Tool + " " + c.Args[0]));
        Assert.Equal("removed the Windows service 'vgrid-agent', the scheduled task 'VolunteerGrid Agent'", message);
    }

    [Fact]
    public void Uninstall_NothingInstalled_SaysSo()
    {
        var runner = new FakeRunner
        {
            ["sc.exe stop"] = new(1060, "The specified service does not exist as an installed service."),
            ["sc.exe delete"] = new(1060, "The specified service does not exist as an installed service."),
            ["schtasks.exe /Query"] = new(1, "ERROR: The system cannot find the file specified."),
            ["reg.exe query"] = new(1, "ERROR: unable to find"),
        };

        var message = new WindowsServiceInstaller(runner, User).Uninstall();

        Assert.StartsWith("nothing to uninstall", message, StringComparison.Ordinal);
    }

    // Quoting as CommandLineToArgvW reads it back: spaces, embedded quotes, trailing backslashes.
    [Theory]
    [InlineData(@"C:\a b\x.exe", @"""C:\a b\x.exe""")]
    [InlineData(@"C:\ab\x.exe", @"C:\ab\x.exe")]
    [InlineData(@"C:\a b\", @"""C:\a b\\""")]
    [InlineData(@"say ""hi""", @"""say \""hi\""""")]
    [InlineData("", @"""""")]
    public void CommandLine_QuotesEachArgumentForWindows(string argument, string expected) =>
        Assert.Equal("x.exe " + expected, WindowsServiceInstaller.CommandLine("x.exe", [argument]));

    [Fact]
    public async Task InstallServiceCommand_RepeatsTheAgentsConfigurationWithAbsolutePaths()
    {
        var directory = Directory.CreateTempSubdirectory("vgrid-install-service-").FullName;
        try
        {
            var config = Path.Combine(directory, "agent.conf");
            File.WriteAllText(config, "coordinator = https://grid.example.org\ngpu = auto\n");
            var installer = new RecordingInstaller();
            var command = new RootCommand { ServiceCommands.CreateInstall(["agent"], () => installer, executable: "/opt/vgrid") };
            var output = new StringWriter();

            // A relative --data is made absolute against the current directory.
            var code = await command.Parse(["install-service", "--config", config, "--data", "state", "--cores", "2", "--mode", "task"]).InvokeAsync(new InvocationConfiguration { Output = output, Error = output });

            Assert.True(code == 0, output.ToString());
            var request = Assert.Single(installer.Requests);
            Assert.Equal("/opt/vgrid", request.Executable);
            Assert.Equal(["agent", "--config", config, "--data", Path.GetFullPath("state"), "--cores", "2"], request.Arguments);
            Assert.True(request.Gpu);
            // --mode is install-service's own option, not part of the agent's command line.
            Assert.Equal(ServiceMode.Task, request.Mode);
            Assert.Equal("recorded\n", output.ToString().ReplaceLineEndings("\n"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task InstallServiceCommand_NoCoordinator_RefusesBeforeRegisteringAnything()
    {
        var installer = new RecordingInstaller();
        var command = new RootCommand { ServiceCommands.CreateInstall([], () => installer, executable: "/opt/vgrid-agent") };
        var error = new StringWriter();

        var code = await command.Parse(["install-service", "--data", "/var/lib/x"]).InvokeAsync(new InvocationConfiguration { Output = new StringWriter(), Error = error });

        Assert.Equal(2, code);
        Assert.Contains("no coordinator", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(installer.Requests);
    }

    [Fact]
    public async Task InstallService_OnLinux_PointsToTheDebianPackage()
    {
        var (code, _, stderr) = await Cli.CliRunner.RunAsync("agent", "install-service", "--coordinator", "http://127.0.0.1:1", "--data", "/tmp/x");

        Assert.Equal(1, code);
        Assert.Contains("install-service is for Windows. On Debian or Ubuntu install the vgrid-agent .deb", stderr, StringComparison.Ordinal);
    }

    private sealed class FakeRunner : ICommandRunner
    {
        private readonly Dictionary<string, CommandOutcome> _outcomes = new(StringComparer.Ordinal);

        public List<(string Tool, string[] Args)> Calls { get; } = [];

        /// <summary>The outcome of "tool firstArgument"; success when not set.</summary>
        public CommandOutcome this[string key]
        {
            set => _outcomes[key] = value;
        }

        public CommandOutcome Run(string fileName, IReadOnlyList<string> arguments)
        {
            Calls.Add((fileName, [.. arguments]));
            return _outcomes.GetValueOrDefault(fileName + " " + arguments[0], new CommandOutcome(0, ""));
        }
    }

    private sealed class RecordingInstaller : IServiceInstaller
    {
        public List<ServiceInstallRequest> Requests { get; } = [];

        public string Install(ServiceInstallRequest request)
        {
            Requests.Add(request);
            return "recorded";
        }

        public string Uninstall() => "removed";
    }
}
