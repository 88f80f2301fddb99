using VolunteerGrid.Coordinator.Hosting;
using VolunteerGrid.Coordinator.Storage;

namespace VolunteerGrid.Coordinator.Duties;

/// <summary>
/// Claims a background duty for this coordinator through a row with an expiry, so several
/// coordinators on one database never sweep or validate twice at once. The holder id is kept in
/// DATA/instance.id, so a restarted coordinator (kill -9) takes its own lease back at once. On a
/// database shared by replicas (PostgreSQL) each process gets a fresh holder id instead: replicas
/// may share a data folder (a shared mount), and a lease of a replica that died passes to another
/// once it expires (<see cref="CoordinatorOptions.DutyLeaseDuration"/>).
/// </summary>
public sealed class DutyLeases(GridDatabase database, CoordinatorOptions options, TimeProvider time)
{
    public string Holder { get; } = database.Dialect.SharedByReplicas ? Guid.NewGuid().ToString("N") : LoadHolder(options.DataDirectory);

    /// <summary>The current holder of <paramref name="duty"/>'s lease and its expiry, or null when never claimed.</summary>
    public Task<(string Holder, DateTimeOffset ExpiresAt)?> HolderOfAsync(string duty, CancellationToken cancellationToken) =>
        database.ReadAsync(async c =>
        {
            var rows = await c.QueryAsync("SELECT holder, expires_at FROM duty_leases WHERE duty = @d",
                r => (r.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1))), ("@d", duty));
            return rows.Count == 0 ? ((string, DateTimeOffset)?)null : rows[0];
        }, cancellationToken);

    public async Task<bool> TryAcquireAsync(string duty, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var changed = await database.WriteAsync(tx => tx.ExecAsync("""
            INSERT INTO duty_leases (duty, holder, expires_at) VALUES (@d, @h, @e)
            ON CONFLICT (duty) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE duty_leases.holder = @h OR duty_leases.expires_at < @now
            """, ("@d", duty), ("@h", Holder), ("@e", (now + options.DutyLeaseDuration).ToUnixTimeMilliseconds()),
            ("@now", now.ToUnixTimeMilliseconds())), cancellationToken);
        return changed > 0;
    }

    private static string LoadHolder(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, "instance.id");
        if (File.Exists(path))
            return File.ReadAllText(path).Trim();
        var id = Guid.NewGuid().ToString("N");
        File.WriteAllText(path + ".tmp", id);
        File.Move(path + ".tmp", path, overwrite: true);
        return id;
    }
}
