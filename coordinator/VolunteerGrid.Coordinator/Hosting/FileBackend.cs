namespace VolunteerGrid.Coordinator.Hosting;

/// <summary>Where the content-addressed store keeps file bytes (<c>--files</c>).</summary>
public enum FileBackend
{
    /// <summary>Files on disk under the files folder (for replicas: a shared mount).</summary>
    Disk = 0,

    /// <summary>Chunks in the coordinator database (a small cluster needs nothing but PostgreSQL); the files folder is then a local cache.</summary>
    Database = 1,
}
