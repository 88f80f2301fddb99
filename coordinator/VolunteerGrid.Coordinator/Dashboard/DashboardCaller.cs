using VolunteerGrid.Shared.Protocol.Grid;

namespace VolunteerGrid.Coordinator.Dashboard;

/// <summary>Who is logged in (the page shows it and hides admin-only controls).</summary>
public sealed record DashboardCaller(string Owner, ApiRole Role);
