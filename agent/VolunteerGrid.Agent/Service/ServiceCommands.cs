using System.CommandLine;

namespace VolunteerGrid.Agent.Service;

/// <summary>
/// <c>install-service</c> and <c>uninstall-service</c>, on <c>vgrid-agent</c> and on <c>vgrid agent</c>.
/// The installed command line repeats this invocation's configuration (the --config file and the
/// flags given), with paths made absolute, so the service runs exactly what was checked here.
/// </summary>
public static class ServiceCommands
{
    /// <param name="prefix">Arguments before the agent's own (<c>["agent"]</c> inside vgrid).</param>
    /// <param name="installer">The platform's installer; tests pass a Windows one over a fake runner.</param>
    /// <param name="executable">The executable to register; this process's by default.</param>
    public static Command CreateInstall(IReadOnlyList<string> prefix, Func<IServiceInstaller>? installer = null, string? executable = null)
    {
        var command = new Command("install-service", "Windows: register the agent to start by itself (a service with --gpu off; otherwise a logon task in your session, which keeps the GPU) and start it.");
        var configuration = AgentConfiguration.AddTo(command);
        var mode = new Option<ServiceMode>("--mode")
        {
            Description = "auto (task unless --gpu off, else service; task when not an administrator), service, or task",
            DefaultValueFactory = _ => ServiceMode.Auto,
        };
        command.Options.Add(mode);
        command.SetAction(parse => Run(parse, () =>
        {
            var effective = configuration.Resolve(parse);
            effective.ToAgentOptions();
            var arguments = new List<string>(prefix);
            if (effective.ConfigFile is { } file)
                arguments.AddRange(["--config", Path.GetFullPath(file)]);
            foreach (var setting in effective.Settings.Where(s => s.Source == EffectiveSetting.CommandLine))
                arguments.AddRange(["--" + setting.Name, setting.Name is "data" or "project-cert" ? Path.GetFullPath(setting.Value) : setting.Value]);
            var self = executable ?? Environment.ProcessPath ?? throw new ServiceInstallException("cannot find this executable's path to register it");
            return (installer ?? ForThisPlatform)().Install(new ServiceInstallRequest(self, arguments, effective.Gpu.Enabled, parse.GetValue(mode)));
        }));
        return command;
    }

    public static Command CreateUninstall(Func<IServiceInstaller>? installer = null)
    {
        var command = new Command("uninstall-service", "Windows: stop the agent and remove its service, logon task or logon entry (the data directory is kept).");
        command.SetAction(parse => Run(parse, () => (installer ?? ForThisPlatform)().Uninstall()));
        return command;
    }

    public static IServiceInstaller ForThisPlatform() =>
        OperatingSystem.IsWindows()
            ? new WindowsServiceInstaller(new ProcessCommandRunner(), $@"{Environment.UserDomainName}\{Environment.UserName}")
            : throw new ServiceInstallException("install-service is for Windows. On Debian or Ubuntu install the vgrid-agent .deb, which runs the agent as a systemd service (see installer/README.md)");

    private static int Run(ParseResult parse, Func<string> action)
    {
        try
        {
            parse.InvocationConfiguration.Output.WriteLine(action());
            return 0;
        }
        catch (Exception e) when (e is ServiceInstallException or ArgumentException)
        {
            parse.InvocationConfiguration.Error.WriteLine($"vgrid-agent: error: {e.Message.ReplaceLineEndings(" ")}");
            return e is ArgumentException ? 2 : 1;
        }
    }
}
