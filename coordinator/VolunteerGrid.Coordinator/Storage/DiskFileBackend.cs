using System.Data.Common;
using VolunteerGrid.Shared.Protocol.Grid;

namespace VolunteerGrid.Coordinator.Storage;

/// <summary>
/// The files folder is the store: a file renamed under its hash is stored. Replicas share it
/// through a common mount (<c>--files-dir</c>); nothing is kept elsewhere.
/// </summary>
public sealed class DiskFileBackend : IFileBackend
{
    public string Name => "disk";

    public Task SaveAsync(DbTransaction tx, StoredFile file, string localPath, CancellationToken cancellationToken) => Task.CompletedTask;

    // A file missing from the folder is missing from the store: there is no other copy.
    public Task<bool> TryCopyToAsync(string sha256, Stream target, CancellationToken cancellationToken) => Task.FromResult(false);
}
