using System.Text;

namespace VolunteerGrid.Agent.Service;

/// <summary>
/// Registers the agent on Windows with the system's own tools. A Windows service runs in session
/// 0, where GPU drivers give OpenCL no device (BOINC's long-standing "no GPU in service mode"
/// problem), so with GPU work on the agent is registered as a scheduled task that starts at the
/// user's logon in the user's session instead. A service runs as LocalService (least privilege)
/// and restarts after a crash. Without administrator rights (the SCM and logon triggers both
/// refuse), the per-user Run key starts the agent at logon.
/// </summary>
public sealed class WindowsServiceInstaller(ICommandRunner runner, string userName) : IServiceInstaller
{
    public const string ServiceName = "vgrid-agent";
    public const string TaskName = "VolunteerGrid Agent";
    public const string RunKey = @"HKCU\Software\Microsoft\Windows\CurrentVersion\Run";
    public const string RunValue = "VolunteerGridAgent";

    /// <summary>The hidden flag that tells the agent the SCM started it (see <see cref="WindowsServiceHost"/>).</summary>
    public const string ServiceFlag = "--windows-service";

    private const int AccessDenied = 5;
    private const int ServiceExists = 1073;
    private const int ServiceDoesNotExist = 1060;
    private const int ServiceNotActive = 1062;

    public string Install(ServiceInstallRequest request)
    {
        var mode = request.Mode;
        if (mode == ServiceMode.Service && request.Gpu)
            throw new ServiceInstallException("--mode service cannot use the GPU: Windows services run in session 0, where the GPU driver offers no OpenCL device. Use --mode task (the default unless gpu = off) or set gpu = off");
        if (mode == ServiceMode.Task || (mode == ServiceMode.Auto && request.Gpu))
            return InstallTask(request, fallBack: mode == ServiceMode.Auto);

        var commandLine = CommandLine(request.Executable, [.. request.Arguments, ServiceFlag]);
        var create = runner.Run("sc.exe", ["create", ServiceName, "binPath=", commandLine, "start=", "auto", "obj=", @"NT AUTHORITY\LocalService", "DisplayName=", "VolunteerGrid agent"]);
        if (create.ExitCode == AccessDenied && mode == ServiceMode.Auto)
            return "not an administrator, so no Windows service: " + InstallTask(request, fallBack: true);
        if (create.ExitCode == ServiceExists)
            throw new ServiceInstallException($"the Windows service '{ServiceName}' already exists: run 'vgrid-agent uninstall-service' first");
        Check(create, "sc.exe create", "run this from an elevated (administrator) prompt");
        Check(runner.Run("sc.exe", ["description", ServiceName, "Runs VolunteerGrid work units for an astronomy project while this computer has spare capacity."]), "sc.exe description", "");
        // Restart after a crash: 1 min, 1 min, then 10 min; the failure count resets daily.
        Check(runner.Run("sc.exe", ["failure", ServiceName, "reset=", "86400", "actions=", "restart/60000/restart/60000/restart/600000"]), "sc.exe failure", "");
        Check(runner.Run("sc.exe", ["start", ServiceName]), "sc.exe start", $"see the agent's log with 'sc.exe query {ServiceName}' and the Event Viewer");
        return $"installed and started the Windows service '{ServiceName}' (runs as LocalService at boot): {commandLine}";
    }

    public string Uninstall()
    {
        var removed = new List<string>();
        var stop = runner.Run("sc.exe", ["stop", ServiceName]);
        if (stop.ExitCode is not (0 or ServiceNotActive or ServiceDoesNotExist))
            Check(stop, "sc.exe stop", "run this from an elevated (administrator) prompt");
        var delete = runner.Run("sc.exe", ["delete", ServiceName]);
        if (delete.ExitCode == 0)
            removed.Add($"the Windows service '{ServiceName}'");
        else if (delete.ExitCode != ServiceDoesNotExist)
            Check(delete, "sc.exe delete", "run this from an elevated (administrator) prompt");
        if (runner.Run("schtasks.exe", ["/Query", "/TN", TaskName]).ExitCode == 0)
        {
            runner.Run("schtasks.exe", ["/End", "/TN", TaskName]);
            Check(runner.Run("schtasks.exe", ["/Delete", "/TN", TaskName, "/F"]), "schtasks /Delete", "run this from an elevated (administrator) prompt");
            removed.Add($"the scheduled task '{TaskName}'");
        }
        if (runner.Run("reg.exe", ["query", RunKey, "/v", RunValue]).ExitCode == 0)
        {
            Check(runner.Run("reg.exe", ["delete", RunKey, "/v", RunValue, "/f"]), "reg delete", "");
            removed.Add($"the logon entry {RunKey}\\{RunValue}");
        }
        return removed.Count == 0 ? "nothing to uninstall: no vgrid-agent service, task or logon entry is registered" : "removed " + string.Join(", ", removed);
    }

    private string InstallTask(ServiceInstallRequest request, bool fallBack)
    {
        var commandLine = CommandLine(request.Executable, request.Arguments);
        // /IT: only while the user is logged on, in the user's interactive session, where the GPU
        // driver serves OpenCL. /RL LIMITED: no elevation.
        var create = runner.Run("schtasks.exe", ["/Create", "/TN", TaskName, "/TR", commandLine, "/SC", "ONLOGON", "/RU", userName, "/IT", "/RL", "LIMITED", "/F"]);
        if (create.ExitCode != 0 && fallBack && create.Output.Contains("denied", StringComparison.OrdinalIgnoreCase))
        {
            Check(runner.Run("reg.exe", ["add", RunKey, "/v", RunValue, "/t", "REG_SZ", "/d", commandLine, "/f"]), "reg add", "");
            return $"registered the agent to start at {userName}'s logon ({RunKey}\\{RunValue}; no administrator rights were available for a scheduled task); log off and on, or start it now: {commandLine}";
        }
        Check(create, "schtasks /Create", "run this from an elevated (administrator) prompt, or use --mode service with gpu = off");
        Check(runner.Run("schtasks.exe", ["/Run", "/TN", TaskName]), "schtasks /Run", "");
        return $"installed and started the scheduled task '{TaskName}' (at {userName}'s logon, in the user's session so the GPU stays available): {commandLine}";
    }

    private static void Check(CommandOutcome outcome, string what, string advice)
    {
        if (outcome.ExitCode == 0)
            return;
        var hint = outcome.ExitCode == AccessDenied || outcome.Output.Contains("denied", StringComparison.OrdinalIgnoreCase)
            ? "access denied: run this from an elevated (administrator) prompt"
            : advice;
        throw new ServiceInstallException($"{what} failed (exit code {outcome.ExitCode}: {outcome.Output.ReplaceLineEndings(" ")}){(hint.Length == 0 ? "" : "; " + hint)}");
    }

    /// <summary>One Windows command line, quoted the way CommandLineToArgvW reads it back.</summary>
    public static string CommandLine(string executable, IEnumerable<string> arguments) =>
        string.Join(' ', arguments.Prepend(executable).Select(Quote));

    private static string Quote(string argument)
    {
        if (argument.Length > 0 && !argument.Any(c => c is ' ' or '\t' or '"'))
            return argument;
        var quoted = new StringBuilder("\"");
        var backslashes = 0;
        foreach (var c in argument)
        {
            if (c == '\\')
            {
                backslashes++;
                continue;
            }
            // Backslashes before a quote are doubled, and the quote escaped.
            quoted.Append('\\', c == '"' ? backslashes * 2 + 1 : backslashes).Append(c);
            backslashes = 0;
        }
        return quoted.Append('\\', backslashes * 2).Append('"').ToString();
    }
}
