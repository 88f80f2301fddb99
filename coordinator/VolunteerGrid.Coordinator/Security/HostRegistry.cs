using System.Collections.Concurrent;
using VolunteerGrid.Coordinator.Hosting;
using VolunteerGrid.Coordinator.Storage;
using VolunteerGrid.Shared.Protocol.Grid;

namespace VolunteerGrid.Coordinator.Security;

/// <summary>Registers volunteer hosts (a secret token each, stored only as a hash) and authenticates them.</summary>
/// <remarks>
/// Every agent request authenticates (three per unit round trip), so identities found are kept in
/// memory by token hash. That is exact because a host's token, id, name and account never change
/// and hosts are never deleted; whoever adds token rotation or host removal must evict here.
/// </remarks>
public sealed class HostRegistry(GridDatabase database, CoordinatorOptions options, TimeProvider time)
{
    /// <summary>Hosts seen (registered or asking for work) within this window count as active: the dashboard, /metrics and campaign events.</summary>
    public static readonly TimeSpan ActiveWindow = TimeSpan.FromMinutes(10);

    private const int MaxTextLength = 100;

    /// <summary>Bounds the memory of the identity cache (≈ 200 bytes an entry); beyond it lookups go to the database.</summary>
    private const int MaxCachedHosts = 200_000;

    private readonly ConcurrentDictionary<string, HostIdentity> _known = new(StringComparer.Ordinal);

    public async Task<RegisterHostResponse> RegisterAsync(RegisterHostRequest request, CancellationToken cancellationToken)
    {
        if (request is null)
            throw GridException.BadRequest("Send a JSON body with name, account, platform, cores and memoryMb.");
        CheckText("name", request.Name, required: true);
        CheckText("account", request.Account, required: false);
        CheckText("platform", request.Platform, required: true);
        if (request.Cores is < 1 or > 4096)
            throw GridException.BadRequest($"cores: {request.Cores} is out of range; give 1 to 4096.");
        if (request.MemoryMb < 0)
            throw GridException.BadRequest($"memoryMb: {request.MemoryMb} must not be negative.");
        var id = Secrets.NewId();
        var token = Secrets.NewSecret("vgh_");
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await database.WriteAsync(tx => tx.ExecAsync("""
            INSERT INTO hosts (id, name, account, platform, cores, memory_mb, token_hash, created_at, last_seen, max_in_progress, daily_quota)
            VALUES (@id, @n, @a, @p, @c, @m, @th, @t, @t, @ip, @dq)
            """,
            ("@id", id), ("@n", request.Name), ("@a", string.IsNullOrWhiteSpace(request.Account) ? null : request.Account),
            ("@p", request.Platform), ("@c", request.Cores), ("@m", request.MemoryMb), ("@th", Secrets.Hash(token)), ("@t", now),
            ("@ip", Math.Min(options.MaxInProgressQuota, Math.Max(options.InitialInProgressQuota, 1))), ("@dq", options.InitialDailyQuota)), cancellationToken);
        return new RegisterHostResponse(id, token);
    }

    /// <summary>The host a bearer token belongs to, or null.</summary>
    public async Task<HostIdentity?> AuthenticateAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 200)
            return null;
        var hash = Secrets.Hash(token);
        if (_known.TryGetValue(hash, out var known))
            return known;
        var rows = await database.ReadAsync(c => c.QueryAsync("SELECT id, name, account FROM hosts WHERE token_hash = @h",
            r => new HostIdentity(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2)), ("@h", hash)), cancellationToken);
        if (rows.Count != 1)
            return null;
        if (_known.Count < MaxCachedHosts)
            _known.TryAdd(hash, rows[0]);
        return rows[0];
    }

    private static void CheckText(string field, string? value, bool required)
    {
        if (required && string.IsNullOrWhiteSpace(value))
            throw GridException.BadRequest($"{field}: required.");
        if (value is { Length: > MaxTextLength })
            throw GridException.BadRequest($"{field}: at most {MaxTextLength} characters.");
        if (value is not null && value.Any(char.IsControl))
            throw GridException.BadRequest($"{field}: must not contain control characters.");
    }
}
