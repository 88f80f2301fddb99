using VolunteerGrid.Shared.Protocol.Grid;

namespace VolunteerGrid.Coordinator.Notifications;

/// <summary>The JSON body POSTed to a campaign's webhook when the campaign ends.</summary>
public sealed record WebhookNotice(
    string CampaignId,
    string Kind,
    string? Name,
    CampaignState State,
    IReadOnlyList<ProductInfo> Products,
    DateTimeOffset? FinishedAt,
    string? FailureReason);
