namespace VolunteerGrid.Coordinator.Dashboard;

/// <summary>One bucket: counts and rates (the current, partial bucket's rate is over its elapsed part).</summary>
public sealed record ThroughputPoint(DateTimeOffset Start, long Units, long Results, double UnitsPerSecond, double ResultsPerSecond);
