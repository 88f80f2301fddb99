namespace VolunteerGrid.Coordinator.Dashboard;

/// <summary>Units finished and results reported per second, in equal time buckets ending now (oldest first).</summary>
public sealed record ThroughputSeries(int BucketSeconds, IReadOnlyList<ThroughputPoint> Points);
