using System.Data.Common;
using VolunteerGrid.Shared.Protocol.Grid;

namespace VolunteerGrid.Coordinator.Storage;

/// <summary>
/// Where <see cref="FileStore"/> keeps the authoritative bytes of a content-addressed file. The
/// store always has a local folder: on the disk backend it is the store itself (a shared mount for
/// replicas); on a remote backend it is a cache filled on demand.
/// </summary>
public interface IFileBackend
{
    /// <summary>Name as given on the command line (<c>--files</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Saves a verified file (its bytes at <paramref name="localPath"/>) inside the transaction that
    /// records its row in <c>files</c>, so the row exists only when the bytes do.
    /// </summary>
    Task SaveAsync(DbTransaction tx, StoredFile file, string localPath, CancellationToken cancellationToken);

    /// <summary>Writes a stored file's bytes to <paramref name="target"/>; false when this backend does not hold it.</summary>
    Task<bool> TryCopyToAsync(string sha256, Stream target, CancellationToken cancellationToken);
}
