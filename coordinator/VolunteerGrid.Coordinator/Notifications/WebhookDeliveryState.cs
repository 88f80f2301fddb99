namespace VolunteerGrid.Coordinator.Notifications;

/// <summary>Where a campaign's webhook notice stands. Persisted: never renumber.</summary>
public enum WebhookDeliveryState
{
    /// <summary>Waiting for the campaign to end, or for its next attempt.</summary>
    Pending = 0,

    /// <summary>The receiver answered 2xx.</summary>
    Delivered = 1,

    /// <summary>Every attempt failed; the reason is in the campaign's log.</summary>
    GaveUp = 2,
}
