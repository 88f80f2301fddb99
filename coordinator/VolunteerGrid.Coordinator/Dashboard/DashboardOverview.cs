namespace VolunteerGrid.Coordinator.Dashboard;

/// <summary>Everything the dashboard shows, as one document (sent again over SSE whenever it changes).</summary>
public sealed record DashboardOverview(
    DashboardCaller Caller,
    IReadOnlyList<DashboardCampaign> Campaigns,
    ThroughputSeries Throughput,
    IReadOnlyList<DashboardHost> Hosts,
    AgreementRate Agreement,
    IReadOnlyList<LeaderboardEntry> Leaderboard);
