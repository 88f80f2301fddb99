using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using VolunteerGrid.Coordinator.Hosting;
using VolunteerGrid.Coordinator.Storage;

namespace VolunteerGrid.Cli.Commands;

/// <summary>
/// <c>vgrid coordinator --data DIR</c>: runs the coordinator service (HTTP API, dispatch,
/// validation, assembly) with all state under DIR, until Ctrl-C or SIGTERM.
/// </summary>
public static class CoordinatorCommand
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public static Command Create()
    {
        var data = new Option<DirectoryInfo>("--data")
        {
            Description = "Folder for all durable state: grid.db, files/, keys/, admin.key (created if missing).",
            Required = true,
        };
        var urls = new Option<string>("--urls")
        {
            Description = "Where to listen (semicolon-separated URLs).",
            DefaultValueFactory = _ => DefaultUrls,
        };
        var db = new Option<string>("--db")
        {
            Description = "Database engine: sqlite (embedded, in DATA/grid.db) or postgres.",
            DefaultValueFactory = _ => "sqlite",
        };
        db.AcceptOnlyFromAmong("sqlite", "postgres");
        var connection = new Option<string?>("--connection")
        {
            Description = "Connection string for --db postgres, e.g. \"Host=db;Username=vgrid;Password=...;Database=vgrid\" (or VGRID_POSTGRES).",
        };
        var files = new Option<string>("--files")
        {
            Description = "Where file bytes live: disk (the files folder; a shared mount for replicas) or database (chunks in the database; the folder is a cache).",
            DefaultValueFactory = _ => "disk",
        };
        files.AcceptOnlyFromAmong("disk", "database");
        var filesDir = new Option<DirectoryInfo?>("--files-dir") { Description = "The files folder (default DATA/files); replicas on --files disk share one mount." };
        var leaseSeconds = new Option<double>("--duty-lease-seconds")
        {
            Description = "How long a replica's claim on a background duty lasts without renewal: after it dies, another takes over within this time.",
            DefaultValueFactory = _ => 30,
        };
        var keys = new Option<DirectoryInfo?>("--keys")
        {
            Description = "Folder with project.crt and project.key from 'vgrid keys init' (default DATA/keys, created on first start).",
        };
        var jsonLogs = new Option<bool>("--json-logs") { Description = "Write structured logs as one JSON object per line." };
        var idleRetry = new Option<double>("--idle-retry-seconds")
        {
            Description = "How long an agent with no work is told to wait before asking again (agents wait at least 1 s).",
            DefaultValueFactory = _ => 5,
        };
        var privateWebhooks = new Option<bool>("--webhooks-to-private-networks")
        {
            Description = "Let campaign webhooks reach loopback and private-network addresses (off: public addresses only, so scientists cannot make the coordinator call into its own network). Only when every scientist is trusted.",
        };
        var command = new Command("coordinator", "Run the grid coordinator: campaigns, dispatch to volunteer agents, validation, assembly.")
        {
            data, urls, db, connection, files, filesDir, leaseSeconds, keys, jsonLogs, idleRetry, privateWebhooks,
        };
        CliAction.Set(command, async (parse, ct) =>
        {
            var engine = parse.GetValue(db) == "postgres" ? DatabaseEngine.Postgres : DatabaseEngine.Sqlite;
            var connectionString = parse.GetValue(connection);
            if (engine == DatabaseEngine.Postgres)
                connectionString ??= Environment.GetEnvironmentVariable("VGRID_POSTGRES");
            if (engine == DatabaseEngine.Postgres && string.IsNullOrWhiteSpace(connectionString))
                throw new CliException("--db postgres needs --connection \"Host=...;Username=...;Password=...;Database=...\" (or VGRID_POSTGRES).", ExitCodes.Usage);
            if (engine == DatabaseEngine.Sqlite && connectionString is not null)
                throw new CliException("--connection is only for --db postgres; with SQLite the database is DATA/grid.db.", ExitCodes.Usage);
            var lease = parse.GetValue(leaseSeconds);
            if (!(lease >= 1 && lease <= 3600))
                throw new CliException($"--duty-lease-seconds must be between 1 and 3600 seconds (got {lease}); e.g. --duty-lease-seconds 30.", ExitCodes.Usage);
            var keysDirectory = parse.GetValue(keys);
            if (keysDirectory is not null && !keysDirectory.Exists)
                throw new CliException($"--keys: folder {keysDirectory.FullName} does not exist; create it with 'vgrid keys init {keysDirectory.FullName}'.", ExitCodes.Usage);
            var retry = parse.GetValue(idleRetry);
            if (!(retry > 0 && retry <= 3600))
                throw new CliException($"--idle-retry-seconds must be between 0 and 3600 seconds (got {retry}); e.g. --idle-retry-seconds 5.", ExitCodes.Usage);
            var options = new CoordinatorOptions
            {
                IdleRetrySeconds = retry,
                WebhooksToPrivateNetworks = parse.GetValue(privateWebhooks),
                Database = engine,
                ConnectionString = connectionString,
                Files = parse.GetValue(files) == "database" ? FileBackend.Database : FileBackend.Disk,
                FilesRoot = parse.GetValue(filesDir)?.FullName,
                DutyLeaseDuration = TimeSpan.FromSeconds(lease),
                // Renew well within the lease so a live replica never loses it between runs.
                DutyInterval = TimeSpan.FromSeconds(Math.Min(1, lease / 3)),
                DataDirectory = parse.GetValue(data)!.FullName,
                KeysDirectory = keysDirectory?.FullName,
            };
            var listen = parse.GetValue(urls)!;
            try
            {
                // The dialect checks the connection string's form before anything starts.
                (options.CreateDialect() as IDisposable)?.Dispose();
            }
            catch (ArgumentException e)
            {
                throw new CliException($"--connection: {e.Message.Split(" (Parameter", 2)[0]}", ExitCodes.Usage);
            }
            WebApplication app;
            try
            {
                app = await CoordinatorApp.BuildAsync(options, listen, jsonLogs: parse.GetValue(jsonLogs), cancellationToken: ct);
            }
            catch (DatabaseUnavailableException e)
            {
                throw new CliException($"--connection: {e.Message}", ExitCodes.Unavailable);
            }
            await using var _ = app;
            await app.StartAsync(ct);
            var output = parse.InvocationConfiguration.Output;
            var database = engine == DatabaseEngine.Postgres ? "PostgreSQL" : "SQLite";
            await output.WriteLineAsync($"coordinator listening on {listen}; {database} database; {options.Files.ToString().ToLowerInvariant()} files; data in {options.DataDirectory}; admin API key in {options.AdminKeyPath}");
            try
            {
                await app.WaitForShutdownAsync(ct);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C: stop cleanly below; every state change is already committed.
            }
            await app.StopAsync(CancellationToken.None);
            return ExitCodes.Ok;
        });
        return command;
    }
}
