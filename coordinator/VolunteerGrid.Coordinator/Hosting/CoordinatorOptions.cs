namespace VolunteerGrid.Coordinator.Hosting;

/// <summary>Coordinator settings: where state lives and the grid's dispatch policy (one source of defaults).</summary>
public sealed record CoordinatorOptions
{
    /// <summary>The data directory: grid.db, files/, admin.key.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The SQL engine: SQLite in DATA/grid.db (default) or PostgreSQL at <see cref="ConnectionString"/>.</summary>
    public DatabaseEngine Database { get; init; } = DatabaseEngine.Sqlite;

    /// <summary>Npgsql connection string, required with <see cref="DatabaseEngine.Postgres"/>.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>Connections one coordinator process may hold on PostgreSQL (replicas share the server's max_connections).</summary>
    public int MaxPoolSize { get; init; } = 50;

    /// <summary>Where file bytes live: on disk (default) or in the database.</summary>
    public FileBackend Files { get; init; } = FileBackend.Disk;

    /// <summary>
    /// The files folder when not DATA/files: replicas on the disk backend point this at one shared
    /// mount; with the database backend it is only a local cache.
    /// </summary>
    public string? FilesRoot { get; init; }

    /// <summary>Largest single upload (campaign input or result output) accepted, in bytes.</summary>
    public long MaxUploadBytes { get; init; } = 4L << 30;

    /// <summary>
    /// fsync each stored file before it is renamed under its hash. Temp-file + atomic rename alone
    /// already survive kill -9 (the page cache outlives the process); fsync adds safety against an
    /// OS crash or power cut, at one disk flush (milliseconds on a VM disk) per upload.
    /// </summary>
    public bool FsyncFiles { get; init; } = true;

    /// <summary>
    /// SQLite <c>synchronous=FULL</c>: fsync the WAL on every commit so even an OS crash or power cut
    /// loses no committed transaction. Off by default: <c>NORMAL</c> in WAL mode already loses nothing
    /// when the coordinator process is killed (kill -9) and costs no disk flush per commit.
    /// </summary>
    public bool SqliteSynchronousFull { get; init; }

    /// <summary>Deadline of a unit without a campaign deadline: base + per-giga-op seconds.</summary>
    public double DeadlineBaseSeconds { get; init; } = 600;

    public double DeadlineSecondsPerWork { get; init; } = 60;

    /// <summary>A new host may hold this many units at once; grows by one per valid result.</summary>
    public int InitialInProgressQuota { get; init; } = 2;

    public int MaxInProgressQuota { get; init; } = 32;

    /// <summary>A new host may receive this many units a day; doubles on valid results, halves on errors.</summary>
    public int InitialDailyQuota { get; init; } = 200;

    public int MaxDailyQuota { get; init; } = 100_000;

    /// <summary>Consecutive valid results after which a host is trusted with single-replica units.</summary>
    public int TrustedAfterConsecutiveValid { get; init; } = 10;

    /// <summary>Fraction of a trusted host's units still replicated as a spot check.</summary>
    public double SpotCheckRate { get; init; } = 0.1;

    /// <summary>
    /// Whether campaigns that opt in (<c>QuorumPolicy.AdaptiveReplication</c>) get adaptive replication;
    /// false turns it off for all. Campaigns that do not opt in never get it, whatever this says.
    /// </summary>
    public bool AdaptiveReplication { get; init; } = true;

    /// <summary>
    /// Whether campaign webhooks may reach loopback and private-network addresses. Off by default:
    /// any scientist could otherwise make the coordinator POST into its own network
    /// (<see cref="Notifications.WebhookTargetGuard"/>). Turn on only when every scientist is trusted.
    /// </summary>
    public bool WebhooksToPrivateNetworks { get; init; }

    /// <summary>How long an agent is told to wait when there is no work for it.</summary>
    public double IdleRetrySeconds { get; init; } = 5;

    /// <summary>How often background duties run when nothing wakes them.</summary>
    public TimeSpan DutyInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a claimed duty lease stays valid without renewal.</summary>
    public TimeSpan DutyLeaseDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether the hosted services run duties on their own (tests may drive them by hand).</summary>
    public bool RunBackgroundDuties { get; init; } = true;

    /// <summary>Folder with project.crt and project.key (from <c>vgrid keys init</c>); DATA/keys, created on first start, when null.</summary>
    public string? KeysDirectory { get; init; }

    public string ResolvedKeysDirectory => KeysDirectory ?? Path.Combine(DataDirectory, "keys");

    public string DatabasePath => Path.Combine(DataDirectory, "grid.db");

    public string FilesDirectory => FilesRoot ?? Path.Combine(DataDirectory, "files");

    public string TempDirectory => Path.Combine(DataDirectory, "tmp");

    public string AdminKeyPath => Path.Combine(DataDirectory, "admin.key");

    /// <summary>The dialect for <see cref="Database"/>; a malformed connection string is an <see cref="ArgumentException"/> naming the problem.</summary>
    public Storage.SqlDialect CreateDialect() => Database switch
    {
        DatabaseEngine.Sqlite => new Storage.SqliteDialect(DatabasePath, SqliteSynchronousFull),
        DatabaseEngine.Postgres => Storage.PostgresDialect.Create(
            ConnectionString ?? throw new ArgumentException("a PostgreSQL database needs a connection string (--connection)."), MaxPoolSize),
        _ => throw new ArgumentOutOfRangeException(nameof(Database), Database, "unknown database engine"),
    };
}
