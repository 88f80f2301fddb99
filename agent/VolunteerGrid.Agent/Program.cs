using System.CommandLine;
using VolunteerGrid.Agent;
using VolunteerGrid.Agent.Devices;
using VolunteerGrid.Agent.Doctor;
using VolunteerGrid.Agent.Execution;
using VolunteerGrid.Agent.Service;
using VolunteerGrid.Agent.Work;

// vgrid-agent: the volunteer's executable. The hidden verb `exec-unit JOB` is how the agent runs
// each unit in a child process of itself (see ChildProcessUnitRunner).
if (args is [ChildCommand.Verb, var jobFile])
    return await AgentHost.ExecUnitAsync(jobFile, Console.Out);
if (args is [OpenClProbeVerb.Verb])
    return AgentHost.ProbeDevices(Console.Out);

var root = new RootCommand("vgrid-agent: runs VolunteerGrid work units for a coordinator.");
var configuration = AgentConfiguration.AddTo(root);
root.SetAction(async (parse, _) =>
{
    try
    {
        // Ctrl-C and SIGTERM are handled by the agent itself (two-stage stop), not by the parser.
        return await AgentEntry.RunAsync(configuration, parse, Console.Out, handleSignals: true, CancellationToken.None);
    }
    catch (Exception e) when (e is AgentFatalException or ArgumentException or IOException or UnauthorizedAccessException or InvalidDataException)
    {
        await Console.Error.WriteLineAsync($"vgrid-agent: error: {e.Message.ReplaceLineEndings(" ")}");
        return e is AgentFatalException ? 69 : 2;
    }
});
var kinds = new Command("kinds", "List the unit kinds built into this agent.");
kinds.SetAction(_ =>
{
    foreach (var kind in AgentKinds.Registry.UnitKinds.OrderBy(k => k.Name, StringComparer.Ordinal))
        Console.WriteLine($"{kind.Name} v{kind.Version}");
    return 0;
});
root.Subcommands.Add(kinds);
root.Subcommands.Add(DoctorCommand.Create());
root.Subcommands.Add(ServiceCommands.CreateInstall(prefix: []));
root.Subcommands.Add(ServiceCommands.CreateUninstall());
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
