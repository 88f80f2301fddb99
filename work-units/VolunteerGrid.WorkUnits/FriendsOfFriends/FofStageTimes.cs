using System.Diagnostics;

namespace VolunteerGrid.WorkUnits.FriendsOfFriends;

/// <summary>
/// Wall and process CPU seconds of each stage of one <see cref="FofKernel"/> run, for profiling
/// (the benchmarks' <c>fof-stages</c> command). Stages are recorded in the order they end; a
/// kernel run without a recorder pays nothing for it.
/// </summary>
public sealed class FofStageTimes
{
    private readonly List<FofStageTime> _stages = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _lastWall;
    private TimeSpan _lastCpu = CurrentCpu();

    /// <summary>The stages recorded so far, in the order they ended.</summary>
    public IReadOnlyList<FofStageTime> Stages => _stages;

    /// <summary>Ends the current stage under <paramref name="name"/>; the next one starts now.</summary>
    public void Mark(string name)
    {
        var wall = _clock.Elapsed;
        var cpu = CurrentCpu();
        _stages.Add(new FofStageTime(name, (wall - _lastWall).TotalSeconds, (cpu - _lastCpu).TotalSeconds));
        _lastWall = wall;
        _lastCpu = cpu;
    }

    private static TimeSpan CurrentCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
