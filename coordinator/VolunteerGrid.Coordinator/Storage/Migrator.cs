namespace VolunteerGrid.Coordinator.Storage;

/// <summary>
/// Brings the schema up to date at start: each pending step runs in its own transaction together
/// with its <c>schema_version</c> row, so a crash leaves the schema at a whole step.
/// </summary>
internal static class Migrator
{
    public static async Task<int> MigrateAsync(GridDatabase database, TimeProvider time, CancellationToken cancellationToken)
    {
        await database.Dialect.InitializeAsync(cancellationToken);
        var applied = 0;
        foreach (var migration in Migrations.All.OrderBy(m => m.Version))
        {
            var ran = await database.WriteAsync(async tx =>
            {
                if (database.Dialect.MigrationLockStatement is { } lockStatement)
                    await tx.ExecAsync(lockStatement);
                await tx.ExecAsync("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at BIGINT NOT NULL)");
                var done = await tx.ScalarAsync<long>("SELECT COUNT(*) FROM schema_version WHERE version = @v", ("@v", migration.Version));
                if (done > 0)
                    return false;
                foreach (var statement in Split(database.Dialect.Expand(migration.Sql)))
                    await tx.ExecAsync(statement);
                await tx.ExecAsync("INSERT INTO schema_version (version, description, applied_at) VALUES (@v, @d, @t)",
                    ("@v", migration.Version), ("@d", migration.Description), ("@t", time.GetUtcNow().ToUnixTimeMilliseconds()));
                return true;
            }, cancellationToken);
            if (ran)
                applied++;
        }
        return applied;
    }

    public static int LatestVersion => Migrations.All.Max(m => m.Version);

    private static IEnumerable<string> Split(string sql) =>
        sql.Split(';').Select(s => s.Trim()).Where(s => s.Length > 0);
}
