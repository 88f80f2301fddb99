using System.CommandLine;
using VolunteerGrid.Agent;
using VolunteerGrid.Agent.Doctor;
using VolunteerGrid.Agent.Service;
using VolunteerGrid.Agent.Work;

namespace VolunteerGrid.Cli.Commands;

/// <summary>
/// <c>vgrid agent --coordinator URL --data DIR ...</c>: runs the volunteer agent in this process
/// (the same code as the standalone <c>vgrid-agent</c>). Ctrl-C abandons the current unit and tells
/// the coordinator; the standalone executable also offers a graceful first Ctrl-C that finishes it.
/// </summary>
public static class AgentCommand
{
    public static Command Create()
    {
        var command = new Command("agent", "Run a volunteer agent: fetch work units from a coordinator, run them in child processes, report results.");
        var configuration = AgentConfiguration.AddTo(command);
        CliAction.Set(command, async (parse, ct) =>
        {
            try
            {
                // The agent handles Ctrl-C itself (first: finish the unit; second: abandon). Where the
                // parser also handles it, it cancels ct after which it exits within seconds: so ct
                // means "abandon the unit now and tell the coordinator".
                var code = await AgentEntry.RunAsync(configuration, parse, parse.InvocationConfiguration.Output, handleSignals: true, ct);
                if (code != 0)
                    return code;
            }
            catch (AgentFatalException e)
            {
                throw new CliException(e.Message, ExitCodes.Unavailable);
            }
            return ct.IsCancellationRequested ? ExitCodes.Cancelled : ExitCodes.Ok;
        });
        command.Subcommands.Add(ExecUnit());
        command.Subcommands.Add(ProbeDevices());
        command.Subcommands.Add(DoctorCommand.Create());
        command.Subcommands.Add(ServiceCommands.CreateInstall(prefix: ["agent"]));
        command.Subcommands.Add(ServiceCommands.CreateUninstall());
        return command;
    }

    /// <summary>Hidden: how a single-file vgrid lists OpenCL devices in a child process (a crashing driver cannot take the agent down).</summary>
    private static Command ProbeDevices()
    {
        var command = new Command("probe-devices", "List usable OpenCL devices (used by the agent itself).") { Hidden = true };
        command.SetAction(parse => AgentHost.ProbeDevices(parse.InvocationConfiguration.Output));
        return command;
    }

    /// <summary>Hidden: how a single-file vgrid re-invokes itself to run one unit in a child process.</summary>
    private static Command ExecUnit()
    {
        var job = new Argument<string>("job") { Description = "Job file written by the agent" };
        var command = new Command("exec-unit", "Run one unit from a job file (used by the agent itself).") { Hidden = true };
        command.Arguments.Add(job);
        command.SetAction((parse, _) => AgentHost.ExecUnitAsync(parse.GetValue(job)!, parse.InvocationConfiguration.Output));
        return command;
    }
}
