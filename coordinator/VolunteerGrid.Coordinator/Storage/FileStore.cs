using System.Buffers;
using System.Data.Common;
using System.Security.Cryptography;
using VolunteerGrid.Coordinator.Hosting;
using VolunteerGrid.Shared.Protocol.Grid;

namespace VolunteerGrid.Coordinator.Storage;

/// <summary>
/// Content-addressed files: bytes are streamed to a temp file while hashed, fsynced, checked
/// against what was declared and only then renamed to their hash under FILES/ab/abcdef…, so a
/// killed process never leaves a partial file under a hash. A row in <c>files</c> records each,
/// in the same transaction in which the <see cref="IFileBackend"/> saves the bytes: on the disk
/// backend the folder is the store, on the database backend it is a local cache filled on demand.
/// Small uploads (up to <see cref="InlineMaxBytes"/>) skip the folder on either backend: they are
/// verified in memory and their bytes go into <c>file_chunks</c> with their row
/// (<see cref="RecordInlineAsync"/>), and a local copy is made only when someone needs a path.
/// </summary>
public sealed class FileStore
{
    /// <summary>
    /// Uploads up to this size are kept in the database instead of a file of their own: creating an
    /// inode per upload cost more CPU than all the SQL of a result's round trip (0.05–1 ms of kernel
    /// time each on a busy ext4), while a row of this size is one more B-tree cell in a commit.
    /// </summary>
    public const int InlineMaxBytes = 64 * 1024;

    private static readonly TimeSpan AbandonedOnSharedFolder = TimeSpan.FromHours(1);

    private readonly string _root;
    private readonly string _temp;
    private readonly GridDatabase _database;
    private readonly TimeProvider _time;
    private readonly bool _fsync;
    private readonly bool _sharedFolder;

    // Holds the inline (small) files whatever the backend: the backend itself when it is the database.
    private readonly DatabaseFileBackend _inline;

    public FileStore(CoordinatorOptions options, GridDatabase database, TimeProvider time)
    {
        _root = options.FilesDirectory;
        _temp = Path.Combine(options.FilesDirectory, "incoming");
        _database = database;
        _time = time;
        _fsync = options.FsyncFiles;
        _sharedFolder = options.FilesRoot is not null && options.Files == FileBackend.Disk;
        _inline = new DatabaseFileBackend(database);
        Backend = options.Files == FileBackend.Database ? _inline : new DiskFileBackend();
        Directory.CreateDirectory(_root);
        Directory.CreateDirectory(_temp);
    }

    /// <summary>Where the authoritative bytes are kept.</summary>
    public IFileBackend Backend { get; }

    /// <summary>
    /// Deletes temp files left by a process that was killed mid-upload. On a folder shared by
    /// replicas only old ones: a younger temp file may be another replica's upload in flight.
    /// </summary>
    public void RemoveAbandonedUploads()
    {
        var cutoff = _time.GetUtcNow().UtcDateTime - AbandonedOnSharedFolder;
        foreach (var file in Directory.EnumerateFiles(_temp))
        {
            if (!_sharedFolder || File.GetLastWriteTimeUtc(file) < cutoff)
                File.Delete(file);
        }
    }

    public static bool IsValidHash(string? sha256) =>
        sha256 is { Length: 64 } && sha256.All(char.IsAsciiHexDigitLower);

    /// <summary>
    /// The local path of a stored file, fetched from the backend into the local folder first when
    /// missing there (synchronously: for callers that hand paths to kind code). Async callers use
    /// <see cref="LocalPathAsync"/>.
    /// </summary>
    public string PathOf(string sha256)
    {
        var path = CachePath(sha256);
        if (File.Exists(path))
            return path;
        return LocalPathAsync(sha256, CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>The local path of a stored file, fetched from the backend first when missing; throws <see cref="FileNotFoundException"/> when not stored.</summary>
    public async Task<string> LocalPathAsync(string sha256, CancellationToken cancellationToken)
    {
        var path = CachePath(sha256);
        if (File.Exists(path))
            return path;
        var tempPath = Path.Combine(_temp, Guid.NewGuid().ToString("N"));
        try
        {
            await using (var output = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                if (!await Backend.TryCopyToAsync(sha256, output, cancellationToken) &&
                    (ReferenceEquals(Backend, _inline) || !await _inline.TryCopyToAsync(sha256, output, cancellationToken)))
                    throw new FileNotFoundException($"File {sha256} is not in the store.", path);
            }
            // The cache must never hold bytes under the wrong name (a truncated copy, a bad row).
            await using (var check = File.OpenRead(tempPath))
            {
                var actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(check, cancellationToken));
                if (actual != sha256)
                    throw new InvalidDataException($"File {sha256} read back from the {Backend.Name} backend has SHA-256 {actual}.");
            }
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.Move(tempPath, path, overwrite: true);
            return path;
        }
        finally
        {
            if (File.Exists(tempPath))
                File.Delete(tempPath);
        }
    }

    /// <summary>Whether a file is stored: in the folder on the disk backend, else its row (recorded with its bytes).</summary>
    public bool Exists(string sha256) =>
        IsValidHash(sha256) && ExistsAsync(sha256, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Whether a file is stored: in the folder or inline on the disk backend, else its row (recorded with its bytes).</summary>
    public async Task<bool> ExistsAsync(string sha256, CancellationToken cancellationToken)
    {
        if (!IsValidHash(sha256))
            return false;
        if (Backend is DiskFileBackend)
        {
            // A row without a file in the folder is an inline file there: its chunk holds the bytes.
            return File.Exists(CachePath(sha256)) ||
                await _database.ReadAsync(c => c.ScalarAsync<long>("SELECT COUNT(*) FROM file_chunks WHERE sha256 = @h AND seq = 0", ("@h", sha256)), cancellationToken) > 0;
        }
        return await _database.ReadAsync(c => c.ScalarAsync<long>("SELECT COUNT(*) FROM files WHERE sha256 = @h", ("@h", sha256)), cancellationToken) > 0;
    }

    /// <summary>
    /// Records a small verified file (at most <see cref="InlineMaxBytes"/>) with its bytes inside
    /// <paramref name="tx"/>: no temp file, no rename, the row exists only with its bytes. Content
    /// already stored (by anyone, in the folder or inline) is not saved again.
    /// </summary>
    public async Task RecordInlineAsync(DbTransaction tx, StoredFile file, ReadOnlyMemory<byte> bytes)
    {
        if (bytes.Length != file.Size || bytes.Length > InlineMaxBytes)
            throw new ArgumentException($"inline file {file.Sha256}: {bytes.Length} bytes given for a declared {file.Size} (at most {InlineMaxBytes}).", nameof(bytes));
        var added = await tx.ExecAsync(
            "INSERT INTO files (sha256, size, created_at) VALUES (@h, @s, @t) ON CONFLICT (sha256) DO NOTHING",
            ("@h", file.Sha256), ("@s", file.Size), ("@t", _time.GetUtcNow().ToUnixTimeMilliseconds()));
        if (added > 0)
            await _inline.SaveAsync(tx, file, bytes);
    }

    private string CachePath(string sha256)
    {
        if (!IsValidHash(sha256))
            throw new ArgumentException($"'{sha256}' is not a lower-case hex SHA-256 digest.", nameof(sha256));
        return Path.Combine(_root, sha256[..2], sha256);
    }

    /// <summary>
    /// Streams <paramref name="content"/> into the store. With an expected hash and/or size, the bytes
    /// must match exactly or nothing is stored; more than <paramref name="maxSize"/> bytes stores nothing.
    /// </summary>
    public Task<StoreOutcome> PutAsync(Stream content, long maxSize, string? expectedSha256, long? expectedSize, CancellationToken cancellationToken) =>
        PutAsync(content, maxSize, expectedSha256, expectedSize, null, cancellationToken);

    /// <summary>
    /// As <see cref="PutAsync(Stream, long, string?, long?, CancellationToken)"/>, and runs
    /// <paramref name="recordAlongside"/> (e.g. "this result's output is that file") in the same
    /// write transaction that records the file, so one upload costs one commit.
    /// </summary>
    public async Task<StoreOutcome> PutAsync(
        Stream content, long maxSize, string? expectedSha256, long? expectedSize, Func<DbTransaction, Task>? recordAlongside, CancellationToken cancellationToken)
    {
        var tempPath = Path.Combine(_temp, Guid.NewGuid().ToString("N"));
        try
        {
            string sha256;
            long size;
            await using (var output = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.None))
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
                try
                {
                    size = 0;
                    int read;
                    while ((read = await content.ReadAsync(buffer.AsMemory(0, 1 << 16), cancellationToken)) > 0)
                    {
                        size += read;
                        if (size > maxSize)
                            return StoreOutcome.TooLarge(maxSize);
                        hash.AppendData(buffer, 0, read);
                        await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
                sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
                if ((expectedSize is { } es && es != size) || (expectedSha256 is not null && !string.Equals(expectedSha256, sha256, StringComparison.Ordinal)))
                    return StoreOutcome.Mismatch(expectedSha256, expectedSize, new StoredFile(sha256, size));
                await output.FlushAsync(cancellationToken);
                output.Flush(flushToDisk: _fsync);
            }
            var finalPath = CachePath(sha256);
            Directory.CreateDirectory(Path.GetDirectoryName(finalPath)!);
            if (File.Exists(finalPath))
                File.Delete(tempPath);
            else
                File.Move(tempPath, finalPath, overwrite: true);
            var stored = new StoredFile(sha256, size);
            await RecordAsync(stored, finalPath, recordAlongside, cancellationToken);
            return StoreOutcome.Stored(stored);
        }
        finally
        {
            if (File.Exists(tempPath))
                File.Delete(tempPath);
        }
    }

    /// <summary>Imports a local file (e.g. an assembled product) and returns its address.</summary>
    public async Task<StoredFile> ImportAsync(string path, CancellationToken cancellationToken)
    {
        await using var input = File.OpenRead(path);
        var outcome = await PutAsync(input, long.MaxValue, null, null, cancellationToken);
        return outcome.File!;
    }

    /// <summary>The size of a stored file, or null when it is not in the store.</summary>
    public async Task<long?> SizeAsync(string sha256, CancellationToken cancellationToken)
    {
        if (!IsValidHash(sha256))
            return null;
        var recorded = await _database.ReadAsync(c => c.ScalarAsync<long?>("SELECT size FROM files WHERE sha256 = @h", ("@h", sha256)), cancellationToken);
        if (recorded is not null)
            return recorded;
        var path = CachePath(sha256);
        return Backend is DiskFileBackend && File.Exists(path) ? new FileInfo(path).Length : null;
    }

    private Task RecordAsync(StoredFile file, string localPath, Func<DbTransaction, Task>? recordAlongside, CancellationToken cancellationToken) =>
        _database.WriteAsync(async tx =>
        {
            var added = await tx.ExecAsync(
                "INSERT INTO files (sha256, size, created_at) VALUES (@h, @s, @t) ON CONFLICT (sha256) DO NOTHING",
                ("@h", file.Sha256), ("@s", file.Size), ("@t", _time.GetUtcNow().ToUnixTimeMilliseconds()));
            // Content already stored (by anyone) is not saved twice.
            if (added > 0)
                await Backend.SaveAsync(tx, file, localPath, cancellationToken);
            if (recordAlongside is not null)
                await recordAlongside(tx);
        }, cancellationToken);
}
