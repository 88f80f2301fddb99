namespace VolunteerGrid.Coordinator.Hosting;

/// <summary>The SQL engine behind the coordinator (<c>--db</c>).</summary>
public enum DatabaseEngine
{
    /// <summary>Embedded, one coordinator process: DATA/grid.db.</summary>
    Sqlite = 0,

    /// <summary>A PostgreSQL server, shareable by several coordinator replicas.</summary>
    Postgres = 1,
}
