using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace VolunteerGrid.Agent.Execution;

/// <summary>
/// Runs each unit in a child process (the agent re-invoked with <c>exec-unit</c>), so a kernel
/// that crashes, runs out of memory or hangs costs one unit, never the agent. Limits:
/// <list type="bullet">
/// <item>time: a watchdog kills the child when the unit's deadline passes;</item>
/// <item>memory: <c>DOTNET_GCHeapHardLimit</c> makes the managed heap throw OutOfMemory at the
/// limit, and the watchdog kills a child whose working set passes the limit plus an allowance for
/// the runtime itself (native allocations escape the GC limit);</item>
/// <item>CPU: <see cref="DutyCycleThrottle"/> when <c>--cpu-limit</c> is below 100.</item>
/// </list>
/// </summary>
internal sealed class ChildProcessUnitRunner(TimeProvider time) : IUnitRunner
{
    /// <summary>Runtime, JIT and native memory a .NET process needs beside its GC heap.</summary>
    public const long RuntimeAllowanceBytes = 128L << 20;

    /// <summary>How long a stopping child gets to exit cooperatively before it is killed.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(3);

    private long _finishedChildTicks;
    private long _runningChildTicks;

    public TimeSpan WatchdogPeriod { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// CPU time used by children, including the running one as of the last watchdog sample (the
    /// OS counts a child's time in the parent's only once it is reaped); used to subtract the
    /// agent's own load in <c>--idle-only</c>.
    /// </summary>
    public TimeSpan ChildCpuTime => TimeSpan.FromTicks(Interlocked.Read(ref _finishedChildTicks) + Interlocked.Read(ref _runningChildTicks));

    public async Task<UnitRunOutcome> RunAsync(UnitJob job, UnitRunLimits limits, IProgress<double> progress, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        Directory.CreateDirectory(job.OutputDirectory);
        var jobFile = Path.TrimEndingDirectorySeparator(job.OutputDirectory) + ".job.json";
        await File.WriteAllTextAsync(jobFile, JsonSerializer.Serialize(job, AgentJsonContext.Default.UnitJob), ct);

        var start = ChildCommand.Create(jobFile);
        if (limits.MemoryBytes > 0)
            start.Environment["DOTNET_GCHeapHardLimit"] = "0x" + limits.MemoryBytes.ToString("X", CultureInfo.InvariantCulture);
        start.Environment["DOTNET_gcServer"] = "0";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        var log = new BoundedLog();
        string? childError = null;
        int? gpuUsed = null;
        var stdout = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync(CancellationToken.None) is { } line)
            {
                if (ChildProtocol.TryParseProgress(line, out var fraction))
                    progress.Report(fraction);
                else if (line.StartsWith(ChildProtocol.Error, StringComparison.Ordinal))
                    childError = line[ChildProtocol.Error.Length..];
                else if (line.StartsWith(ChildProtocol.Device, StringComparison.Ordinal))
                    gpuUsed = int.TryParse(line.AsSpan(ChildProtocol.Device.Length), CultureInfo.InvariantCulture, out var gpu) ? gpu : null;
                else
                    log.Add(line.StartsWith(ChildProtocol.Log, StringComparison.Ordinal) ? line[ChildProtocol.Log.Length..] : line);
            }
        }, CancellationToken.None);
        var stderr = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync(CancellationToken.None) is { } line)
                log.Add(line);
        }, CancellationToken.None);

        using var stopThrottle = new CancellationTokenSource();
        var throttle = limits.CpuLimitPercent < 100 && PosixProcessControl.IsSupported
            ? new DutyCycleThrottle(new PosixProcessControl(process.Id), limits.CpuLimitPercent, time).RunAsync(stopThrottle.Token)
            : Task.CompletedTask;
        if (limits.CpuLimitPercent < 100 && !PosixProcessControl.IsSupported)
            TryLowerPriority(process);

        string? killedFor = null;
        var cpu = TimeSpan.Zero;
        var exited = process.WaitForExitAsync(CancellationToken.None);
        try
        {
            using var watchdog = new PeriodicTimer(WatchdogPeriod, time);
            while (!exited.IsCompleted)
            {
                await Task.WhenAny(exited, watchdog.WaitForNextTickAsync(ct).AsTask());
                ct.ThrowIfCancellationRequested();
                if (exited.IsCompleted)
                    break;
                cpu = Sample(process, cpu, out var workingSet);
                Interlocked.Exchange(ref _runningChildTicks, cpu.Ticks);
                if (time.GetUtcNow() >= limits.Deadline)
                {
                    killedFor = $"time limit exceeded: the unit was still running at its deadline {limits.Deadline:O}";
                }
                else if (limits.MemoryBytes > 0 && workingSet > limits.MemoryBytes + RuntimeAllowanceBytes)
                {
                    killedFor = $"memory limit exceeded: working set {workingSet >> 20} MB > limit {limits.MemoryBytes >> 20} MB + {RuntimeAllowanceBytes >> 20} MB runtime allowance";
                }
                if (killedFor is not null)
                {
                    await KillAsync(process, stopThrottle);
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await StopAsync(process, stopThrottle);
            throw;
        }
        finally
        {
            await stopThrottle.CancelAsync();
            await throttle;
            if (!process.HasExited)
                await KillAsync(process, stopThrottle);
        }

        await process.WaitForExitAsync(CancellationToken.None);
        await Task.WhenAll(stdout, stderr);
        Interlocked.Add(ref _finishedChildTicks, cpu.Ticks);
        Interlocked.Exchange(ref _runningChildTicks, 0);
        var failure = killedFor ?? Describe(process.ExitCode, childError, log, limits);
        return new UnitRunOutcome(failure, log.ToString(), time.GetElapsedTime(started), cpu) { GpuUsed = gpuUsed };
    }

    private static string? Describe(int exitCode, string? childError, BoundedLog log, UnitRunLimits limits)
    {
        if (exitCode == ChildProtocol.ExitOk)
            return null;
        var tail = log.Tail(5);
        if (tail.Contains("OutOfMemory", StringComparison.Ordinal) || tail.Contains("Out of memory", StringComparison.OrdinalIgnoreCase)
            || (childError?.Contains("OutOfMemory", StringComparison.Ordinal) ?? false))
            return $"out of memory: the unit needed more than its {limits.MemoryBytes >> 20} MB limit ({childError ?? tail})";
        if (exitCode == ChildProtocol.ExitKernelFailed && childError is not null)
            return "kernel failed: " + childError;
        var signal = exitCode > 128 && !OperatingSystem.IsWindows() ? $", signal {exitCode - 128}" : "";
        var detail = childError ?? tail;
        return $"unit process crashed (exit code {exitCode}{signal}){(detail.Length > 0 ? ": " + detail : "")}";
    }

    private static TimeSpan Sample(Process process, TimeSpan lastCpu, out long workingSet)
    {
        try
        {
            process.Refresh();
            workingSet = process.WorkingSet64;
            return process.TotalProcessorTime;
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the read.
            workingSet = 0;
            return lastCpu;
        }
    }

    /// <summary>Asks the child to stop (closes its stdin), then kills it after a grace period.</summary>
    private static async Task StopAsync(Process process, CancellationTokenSource stopThrottle)
    {
        try
        {
            process.StandardInput.Close();
        }
        catch (IOException)
        {
        }
        await stopThrottle.CancelAsync();
        // Real time on purpose: this bounds an OS process's exit, not agent logic under test.
        using var grace = new CancellationTokenSource(StopGrace);
        try
        {
            await process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync(process, stopThrottle);
        }
    }

    private static async Task KillAsync(Process process, CancellationTokenSource stopThrottle)
    {
        await stopThrottle.CancelAsync();
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private static void TryLowerPriority(Process process)
    {
        try
        {
            process.PriorityClass = ProcessPriorityClass.Idle;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Exited already, or not permitted: the limit is best effort on this platform.
        }
    }
}
