namespace VolunteerGrid.Coordinator.Dashboard;

/// <summary>A product of a visible campaign, offered as an input of a new campaign (by hash: nothing is uploaded again).</summary>
public sealed record StoredProduct(string CampaignId, string? CampaignName, string Name, string Sha256, long Size);
