using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace VolunteerGrid.Coordinator.Storage;

/// <summary>
/// Output name → local path of stored files, resolved (and fetched into the local folder) only when
/// a path is asked for: an assembler or comparer that never opens an output costs no file for it,
/// which matters for small outputs kept inline in the database (<see cref="FileStore.InlineMaxBytes"/>).
/// </summary>
internal sealed class StoredFilePaths(FileStore files, IReadOnlyDictionary<string, string> hashes) : IReadOnlyDictionary<string, string>
{
    private readonly Dictionary<string, string> _resolved = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public int Count => hashes.Count;

    public IEnumerable<string> Keys => hashes.Keys;

    public IEnumerable<string> Values => hashes.Keys.Select(k => this[k]);

    public string this[string key] => TryGetValue(key, out var path) ? path : throw new KeyNotFoundException($"No output '{key}'.");

    public bool ContainsKey(string key) => hashes.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        if (!hashes.TryGetValue(key, out var sha256))
        {
            value = null;
            return false;
        }
        lock (_gate)
        {
            if (!_resolved.TryGetValue(key, out value))
            {
                value = files.PathOf(sha256);
                _resolved.Add(key, value);
            }
        }
        return true;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() =>
        hashes.Keys.Select(k => new KeyValuePair<string, string>(k, this[k])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
