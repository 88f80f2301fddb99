using VolunteerGrid.Coordinator.Campaigns;
using VolunteerGrid.Coordinator.Storage;
using VolunteerGrid.Coordinator.Validation;
using VolunteerGrid.Shared.Protocol.Grid;

namespace VolunteerGrid.Coordinator.Dispatch;

/// <summary>Times out replicas past their deadline and reissues their units (a host that vanished costs one deadline).</summary>
public sealed class DeadlineSweep(GridDatabase database, TimeProvider time)
{
    private const int Batch = 500;

    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return await database.WriteAsync(async tx =>
        {
            var late = await tx.QueryAsync($"""
                SELECT r.id, r.unit_id, r.host_id, h.name, u.campaign_id, u.unit_key
                FROM results r JOIN hosts h ON h.id = r.host_id JOIN units u ON u.id = r.unit_id
                WHERE r.state = @inprogress AND r.deadline < @now
                LIMIT {Batch}
                """,
                r => (Result: r.GetString(0), Unit: r.GetString(1), Host: r.GetString(2), HostName: r.GetString(3), Campaign: r.GetString(4), Key: r.GetString(5)),
                ("@inprogress", ResultState.InProgress), ("@now", now));
            foreach (var l in late)
            {
                // Guarded by state: on a shared database the host may have reported through another
                // coordinator since the query above (READ COMMITTED); its report then stands.
                if (await tx.ExecAsync("UPDATE results SET state = @s, reason = @why WHERE id = @r AND state = @inprogress",
                        ("@s", ResultState.TimedOut), ("@why", "deadline passed without a report"), ("@r", l.Result), ("@inprogress", ResultState.InProgress)) == 0)
                    continue;
                await HostReputation.OnErrorAsync(tx, l.Host);
                await GridEvents.WriteAsync(tx, l.Campaign, GridEvents.Warning, $"unit '{l.Key}': host {l.HostName} missed its deadline; reissuing", now);
                await UnitLifecycle.RecordErrorAsync(tx, l.Unit, $"host {l.HostName} missed its deadline", now);
            }
            return late.Count;
        }, cancellationToken);
    }
}
