using System.Diagnostics;
using VolunteerGrid.WorkUnits.Contract;

namespace VolunteerGrid.Agent.Execution;

/// <summary>
/// Runs the unit inside the agent through <see cref="UnitJobExecutor"/>, the same path the child
/// takes. It enforces only the deadline (cooperatively): memory limits and crash isolation need
/// <see cref="ChildProcessUnitRunner"/>. Tests use it to run kinds that only they register.
/// </summary>
internal sealed class InProcessUnitRunner(KindRegistry registry, TimeProvider time) : IUnitRunner
{
    public async Task<UnitRunOutcome> RunAsync(UnitJob job, UnitRunLimits limits, IProgress<double> progress, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        var log = new System.Text.StringBuilder();
        var remaining = limits.Deadline - time.GetUtcNow();
        if (remaining <= TimeSpan.Zero)
            return new UnitRunOutcome("deadline passed before the unit started", "", TimeSpan.Zero, TimeSpan.Zero);
        using var timeout = new CancellationTokenSource(remaining, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        string? failure = null;
        int? gpuUsed = null;
        try
        {
            await UnitJobExecutor.ExecuteAsync(job, registry, progress, line => { lock (log) log.AppendLine(line); }, linked.Token, gpu => gpuUsed = gpu);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            failure = $"time limit exceeded: the deadline {limits.Deadline:O} passed while the unit ran";
        }
        catch (Exception e)
        {
            failure = $"kernel failed: {e.GetType().Name}: {e.Message}";
        }
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        return new UnitRunOutcome(failure, log.ToString(), time.GetElapsedTime(started), cpu) { GpuUsed = gpuUsed };
    }
}
