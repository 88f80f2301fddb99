using VolunteerGrid.Coordinator.Assembly;
using VolunteerGrid.Coordinator.Dispatch;
using VolunteerGrid.Coordinator.Notifications;
using VolunteerGrid.Coordinator.Validation;

namespace VolunteerGrid.Coordinator.Duties;

/// <summary>The background duties, each run under its lease: deadline sweep, validation, assembly, webhook notices.</summary>
public sealed class GridDuties(DutyLeases leases, DeadlineSweep sweep, ResultValidator validator, CampaignAssembler assembler,
    WebhookDispatcher webhooks)
{
    /// <summary>Runs every duty once (until no work is left); returns how many items were handled.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var handled = 0;
        if (await leases.TryAcquireAsync("deadline-sweep", cancellationToken))
            handled += await sweep.RunOnceAsync(cancellationToken);
        // The lease is renewed before every batch: a long validation run keeps it, and a replica
        // that lost it (paused past the expiry) stops after the batch in hand.
        int n;
        while (await leases.TryAcquireAsync("validation", cancellationToken) && (n = await validator.RunOnceAsync(cancellationToken)) > 0)
            handled += n;
        if (await leases.TryAcquireAsync("assembly", cancellationToken))
            handled += await assembler.RunOnceAsync(cancellationToken);
        if (await leases.TryAcquireAsync("webhooks", cancellationToken))
            handled += await webhooks.RunOnceAsync(cancellationToken);
        return handled;
    }
}
