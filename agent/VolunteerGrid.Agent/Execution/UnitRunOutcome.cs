namespace VolunteerGrid.Agent.Execution;

/// <summary>How a run ended. <see cref="Failure"/> is null on success and otherwise the reason reported to the coordinator.</summary>
internal sealed record UnitRunOutcome(string? Failure, string Log, TimeSpan Elapsed, TimeSpan CpuTime)
{
    public bool Succeeded => Failure is null;

    /// <summary>The OpenCL device that ran the unit, or null for the CPU.</summary>
    public int? GpuUsed { get; init; }
}
