using VolunteerGrid.Coordinator.Hosting;
using VolunteerGrid.Coordinator.Storage;
using VolunteerGrid.Shared.Protocol.Grid;

namespace VolunteerGrid.Coordinator.Security;

/// <summary>
/// API keys (stored hashed). The first start writes an admin key to DATA/admin.key (mode 0600);
/// admins create scientist keys.
/// </summary>
public sealed class ApiKeyStore(GridDatabase database, CoordinatorOptions options, TimeProvider time, ILogger<ApiKeyStore> logger)
{
    public const string AdminOwner = "admin";

    /// <summary>Makes sure an admin key exists; the file is written before its hash is stored, so a crash cannot lose it.</summary>
    public async Task EnsureAdminKeyAsync(CancellationToken cancellationToken)
    {
        var path = options.AdminKeyPath;
        string key;
        if (File.Exists(path))
        {
            key = (await File.ReadAllTextAsync(path, cancellationToken)).Trim();
        }
        else
        {
            key = Secrets.NewSecret("vgk_");
            // A temp name of its own: replicas sharing DATA may start at the same moment.
            var temp = $"{path}.{Guid.NewGuid():N}.tmp";
            var create = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
                create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            await using (var stream = new FileStream(temp, create))
            await using (var writer = new StreamWriter(stream))
            {
                await writer.WriteLineAsync(key);
                await writer.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
            logger.LogInformation("Wrote the admin API key to {Path}", path);
        }
        await InsertAsync(key, ApiRole.Admin, AdminOwner, cancellationToken);
    }

    public async Task<CreateApiKeyResponse> CreateAsync(Caller caller, CreateApiKeyRequest request, CancellationToken cancellationToken)
    {
        if (!caller.IsAdmin)
            throw GridException.Forbidden("Only admins create API keys.");
        if (request is null || string.IsNullOrWhiteSpace(request.Owner) || request.Owner.Length > 100 || request.Owner.Any(char.IsControl))
            throw GridException.BadRequest("owner: give the scientist's name (1 to 100 printable characters).");
        if (!Enum.IsDefined(request.Role))
            throw GridException.BadRequest("role: use Scientist or Admin.");
        var key = Secrets.NewSecret("vgk_");
        await InsertAsync(key, request.Role, request.Owner, cancellationToken);
        return new CreateApiKeyResponse(key, request.Role, request.Owner);
    }

    public async Task<Caller?> AuthenticateAsync(string? key, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 200)
            return null;
        var rows = await database.ReadAsync(c => c.QueryAsync("SELECT owner, role FROM api_keys WHERE key_hash = @h",
            r => new Caller(r.GetString(0), (ApiRole)r.GetInt32(1)), ("@h", Secrets.Hash(key))), cancellationToken);
        return rows.Count == 1 ? rows[0] : null;
    }

    private Task InsertAsync(string key, ApiRole role, string owner, CancellationToken cancellationToken) =>
        database.WriteAsync(tx => tx.ExecAsync(
            "INSERT INTO api_keys (id, key_hash, role, owner, created_at) VALUES (@id, @h, @r, @o, @t) ON CONFLICT (key_hash) DO NOTHING",
            ("@id", Secrets.NewId()), ("@h", Secrets.Hash(key)), ("@r", role), ("@o", owner), ("@t", time.GetUtcNow().ToUnixTimeMilliseconds())),
            cancellationToken);
}
