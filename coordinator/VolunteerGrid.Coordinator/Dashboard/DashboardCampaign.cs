using VolunteerGrid.Shared.Protocol.Grid;

namespace VolunteerGrid.Coordinator.Dashboard;

/// <summary>A campaign row: its summary, its products (once completed) and whether the caller may cancel it.</summary>
public sealed record DashboardCampaign(CampaignSummary Campaign, IReadOnlyList<DashboardProduct> Products, bool CanCancel);
