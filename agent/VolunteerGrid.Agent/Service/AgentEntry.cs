using System.CommandLine;

namespace VolunteerGrid.Agent.Service;

/// <summary>
/// What the agent command does, for both <c>vgrid-agent</c> and <c>vgrid agent</c>: print the
/// effective configuration, run under the Windows Service Control Manager, or run in the foreground.
/// </summary>
public static class AgentEntry
{
    /// <returns>0, or the service's exit code.</returns>
    /// <exception cref="ArgumentException">The configuration is incomplete or invalid (the message names the setting and the fix).</exception>
    public static async Task<int> RunAsync(AgentConfiguration configuration, ParseResult parse, TextWriter output, bool handleSignals, CancellationToken abandon)
    {
        var effective = configuration.Resolve(parse);
        if (parse.GetValue(configuration.PrintConfig))
        {
            effective.WriteTo(output);
            return 0;
        }
        var options = effective.ToAgentOptions();
        if (parse.GetValue(configuration.WindowsService))
        {
            if (!OperatingSystem.IsWindows())
                throw new ArgumentException($"{WindowsServiceInstaller.ServiceFlag} is for the Windows Service Control Manager only");
            // The SCM owns stop requests: no console signals in a service.
            return WindowsServiceHost.Run(async stop =>
            {
                await AgentHost.RunAsync(options, output, handleSignals: false, stop);
                return 0;
            });
        }
        await AgentHost.RunAsync(options, output, handleSignals, abandon);
        return 0;
    }
}
