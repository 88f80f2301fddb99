using System.Diagnostics;
using VolunteerGrid.Agent.Devices;
using VolunteerGrid.Agent.Execution;
using VolunteerGrid.Agent.Manifests;
using VolunteerGrid.Agent.Work;

namespace VolunteerGrid.Agent;

/// <summary>The agent's entry point for both executables: wires the work loop and runs it until stopped.</summary>
public static class AgentHost
{
    /// <summary>
    /// Runs the agent. With <paramref name="handleSignals"/>, the first Ctrl-C finishes the current
    /// unit and a second one (or SIGTERM) abandons it; <paramref name="abandon"/> abandons it too.
    /// Returns when stopped.
    /// </summary>
    /// <exception cref="AgentFatalException">The agent cannot work with this coordinator or data directory.</exception>
    /// <exception cref="ArgumentException">An option is invalid (the message names it and the fix).</exception>
    public static async Task RunAsync(AgentOptions options, TextWriter output, bool handleSignals, CancellationToken abandon)
    {
        options.Validate();
        if (options.IdleOnly && !IdleDetector.IsSupported)
            throw new ArgumentException($"--idle-only needs {IdleDetector.LoadAverageFile} (Linux) to measure the machine's load; run without --idle-only here");

        var time = TimeProvider.System;
        using var shutdown = new ShutdownController();
        var status = new StatusReporter(output, isTerminal: ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected, time);
        shutdown.Notice += status.Log;
        if (handleSignals)
            shutdown.ListenToSignals();
        await using var abandonRegistration = abandon.Register(shutdown.RequestAbandon);

        // Timeouts are per request and per transfer chunk (CoordinatorClient.RequestTimeout).
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var runner = new ChildProcessUnitRunner(time);
        var idle = options.IdleOnly ? IdleDetector.ForThisMachine(() => OwnCpuTime() + runner.ChildCpuTime, time) : null;
        var devices = await HostDevices.DetectAsync(options.Gpu, options.EffectiveMemoryMb, status.Log, abandon);
        var loop = new WorkLoop(
            new CoordinatorClient(http, options.AllCoordinators),
            new AgentStateStore(options.DataDirectory),
            new SignedManifestVerifier(time),
            runner,
            AgentKinds.Registry,
            options,
            time,
            status,
            idle,
            devices: devices);
        status.Log($"vgrid-agent: {options.EffectiveCores} core(s), {options.EffectiveMemoryMb} MB per unit, cache {options.CacheMb} MB, coordinator {string.Join(", ", options.AllCoordinators)}");
        await loop.RunAsync(shutdown.Drain, shutdown.Abandon);
    }

    /// <summary>The child side of device detection (the hidden <c>probe-devices</c> verb); returns the exit code.</summary>
    public static int ProbeDevices(TextWriter stdout) => OpenClProbeVerb.Run(stdout);

    /// <summary>The child side of a unit run (the hidden <c>exec-unit JOB</c> verb); returns the exit code.</summary>
    public static Task<int> ExecUnitAsync(string jobFile, TextWriter stdout) =>
        ExecUnitVerb.RunAsync(jobFile, AgentKinds.Registry, stdout);

    private static TimeSpan OwnCpuTime()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }
}
