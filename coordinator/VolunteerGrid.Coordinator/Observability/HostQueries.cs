using VolunteerGrid.Coordinator.Storage;
using VolunteerGrid.Shared.Protocol.Grid;

namespace VolunteerGrid.Coordinator.Observability;

/// <summary>Hosts with their reliability, errors and quotas, as admins see them.</summary>
public sealed class HostQueries(GridDatabase database)
{
    public Task<List<HostSummary>> ListAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(async c =>
        {
            var excluded = await Validation.DeviceClassRecord.ExcludedAsync(c);
            var hosts = await c.QueryAsync("""
            SELECT h.id, h.name, h.account, h.last_seen, h.consecutive_valid, h.valid_results, h.invalid_results, h.error_results,
                   (SELECT COUNT(*) FROM results r WHERE r.host_id = h.id AND r.state = @inprogress), h.daily_quota, h.device_classes
            FROM hosts h ORDER BY h.name, h.id
            """, r => new HostSummary(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2),
                DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3)), r.GetInt32(4), r.GetInt32(5), r.GetInt32(6), r.GetInt32(7),
                r.GetInt32(8), r.GetInt32(9), r.GetString(10).Split(';', StringSplitOptions.RemoveEmptyEntries)),
            ("@inprogress", ResultState.InProgress));
            return hosts.Select(h => h with { DeviceClasses = Validation.DeviceClassRecord.Annotate(h.DeviceClasses, excluded) }).ToList();
        }, cancellationToken);
}
