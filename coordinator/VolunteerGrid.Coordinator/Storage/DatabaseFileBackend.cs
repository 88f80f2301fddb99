using System.Buffers;
using System.Data.Common;
using VolunteerGrid.Shared.Protocol.Grid;

namespace VolunteerGrid.Coordinator.Storage;

/// <summary>
/// File bytes as 1 MiB chunks in the <c>file_chunks</c> table of the coordinator's database, so a
/// small cluster of replicas needs nothing but PostgreSQL (works on SQLite too). Chunks are
/// written in the transaction that records the file; reads stream them in order.
/// </summary>
/// <remarks>
/// A table of BYTEA chunks rather than PostgreSQL large objects: rows are covered by ordinary
/// transactions, replication and <c>pg_dump</c> without <c>lo_*</c> bookkeeping, each row stays
/// far below the 1 GB field limit and the TOAST compression of already-compressed FITS is skipped
/// cheaply. See https://www.postgresql.org/docs/15/storage-toast.html.
/// </remarks>
public sealed class DatabaseFileBackend(GridDatabase database) : IFileBackend
{
    /// <summary>Bytes per chunk row.</summary>
    public const int ChunkSize = 1 << 20;

    public string Name => "database";

    public async Task SaveAsync(DbTransaction tx, StoredFile file, string localPath, CancellationToken cancellationToken)
    {
        await using var input = new FileStream(localPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, useAsync: true);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            for (var seq = 0; ; seq++)
            {
                var length = await input.ReadAtLeastAsync(buffer.AsMemory(0, ChunkSize), ChunkSize, throwOnEndOfStream: false, cancellationToken);
                if (length == 0 && seq > 0)
                    break;
                // The parameter must be an exact-length array: providers send the whole array.
                await tx.ExecAsync("INSERT INTO file_chunks (sha256, seq, data) VALUES (@h, @s, @d) ON CONFLICT (sha256, seq) DO NOTHING",
                    ("@h", file.Sha256), ("@s", seq), ("@d", buffer.AsSpan(0, length).ToArray()));
                if (length < ChunkSize)
                    break;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Saves a small file held in memory (one chunk) inside the transaction that records its row.</summary>
    public Task SaveAsync(DbTransaction tx, StoredFile file, ReadOnlyMemory<byte> bytes)
    {
        if (bytes.Length > ChunkSize)
            throw new ArgumentException($"file {file.Sha256}: {bytes.Length} bytes do not fit one chunk of {ChunkSize}.", nameof(bytes));
        return tx.ExecAsync("INSERT INTO file_chunks (sha256, seq, data) VALUES (@h, 0, @d) ON CONFLICT (sha256, seq) DO NOTHING",
            ("@h", file.Sha256), ("@d", bytes.ToArray()));
    }

    public Task<bool> TryCopyToAsync(string sha256, Stream target, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            await using var command = connection.Command(null, "SELECT data FROM file_chunks WHERE sha256 = @h ORDER BY seq", ("@h", sha256));
            // SequentialAccess: each chunk is streamed from the wire instead of buffered whole.
            await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
            var any = false;
            while (await reader.ReadAsync(cancellationToken))
            {
                any = true;
                await using var chunk = reader.GetStream(0);
                await chunk.CopyToAsync(target, cancellationToken);
            }
            return any;
        }, cancellationToken);
}
