using System.Diagnostics;

namespace VolunteerGrid.WorkUnits.Mosaic;

/// <summary>
/// Wall and CPU seconds per stage of a mosaic run (<c>vgrid mosaic --timings</c>). CPU time is the
/// whole process's (Process.TotalProcessorTime): on a shared machine wall time measures the
/// neighbours as much as the code, CPU time does not.
/// </summary>
public sealed class MosaicTimings
{
    private readonly List<(string Stage, double WallSeconds, double CpuSeconds)> _stages = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Process _process = Process.GetCurrentProcess();
    private double _wallMark;
    private double _cpuMark;

    public MosaicTimings()
    {
        _cpuMark = CpuSeconds();
    }

    public IReadOnlyList<(string Stage, double WallSeconds, double CpuSeconds)> Stages => _stages;

    /// <summary>Closes the stage that ran since the previous mark (or since construction).</summary>
    public void Mark(string stage)
    {
        var wall = _clock.Elapsed.TotalSeconds;
        var cpu = CpuSeconds();
        _stages.Add((stage, wall - _wallMark, cpu - _cpuMark));
        (_wallMark, _cpuMark) = (wall, cpu);
    }

    private double CpuSeconds()
    {
        _process.Refresh();
        return _process.TotalProcessorTime.TotalSeconds;
    }
}
