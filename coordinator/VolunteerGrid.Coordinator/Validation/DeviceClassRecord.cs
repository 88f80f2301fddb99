using System.Data.Common;
using VolunteerGrid.Coordinator.Storage;

namespace VolunteerGrid.Coordinator.Validation;

/// <summary>
/// Agreement per device class (vendor | device | driver of the device that ran a result) and kind.
/// BOINC's homogeneous redundancy groups hosts by CPU and OS only; GPUs are where drivers and chips
/// round differently (or are simply broken), so a class whose results for a kind keep being outvoted
/// stops getting that kind: after <see cref="ExcludeAfterConsecutiveDisagreements"/> invalid results
/// in a row with more disagreements than agreements in total. The second condition keeps one bad
/// host from excluding a class that its honest peers share. A driver update is a new class and starts
/// afresh; an exclusion otherwise stays until an admin deletes the row.
/// </summary>
internal static class DeviceClassRecord
{
    public const int ExcludeAfterConsecutiveDisagreements = 3;

    /// <summary>Counts a judged result (valid: agreed with the quorum) against its device class and kind.</summary>
    public static async Task OnJudgedAsync(DbTransaction tx, string resultId, bool agreed, long now)
    {
        var rows = await tx.QueryAsync(
            "SELECT r.device_class, u.kind FROM results r JOIN units u ON u.id = r.unit_id WHERE r.id = @r",
            r => (Class: r.NullableString(0), Kind: r.GetString(1)), ("@r", resultId));
        if (rows is not [{ Class: { Length: > 0 } deviceClass, Kind: var kind }])
            return;
        await tx.ExecAsync("""
            INSERT INTO device_class_kinds (device_class, kind, agreed, disagreed, consecutive_disagreed, excluded_at, updated_at)
            VALUES (@c, @k, 0, 0, 0, NULL, @t) ON CONFLICT (device_class, kind) DO NOTHING
            """, ("@c", deviceClass), ("@k", kind), ("@t", now));
        if (agreed)
        {
            await tx.ExecAsync("""
                UPDATE device_class_kinds SET agreed = agreed + 1, consecutive_disagreed = 0, updated_at = @t
                WHERE device_class = @c AND kind = @k
                """, ("@c", deviceClass), ("@k", kind), ("@t", now));
            return;
        }
        await tx.ExecAsync("""
            UPDATE device_class_kinds SET disagreed = disagreed + 1, consecutive_disagreed = consecutive_disagreed + 1, updated_at = @t,
                excluded_at = CASE WHEN excluded_at IS NULL AND consecutive_disagreed + 1 >= @n AND disagreed + 1 > agreed THEN @t ELSE excluded_at END
            WHERE device_class = @c AND kind = @k
            """, ("@c", deviceClass), ("@k", kind), ("@t", now), ("@n", ExcludeAfterConsecutiveDisagreements));
    }

    /// <summary>Kinds each excluded device class no longer gets.</summary>
    public static async Task<Dictionary<string, List<string>>> ExcludedAsync(DbConnection connection)
    {
        var rows = await connection.QueryAsync(
            "SELECT device_class, kind FROM device_class_kinds WHERE excluded_at IS NOT NULL ORDER BY device_class, kind",
            r => (Class: r.GetString(0), Kind: r.GetString(1)));
        return rows.GroupBy(r => r.Class, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(r => r.Kind).ToList(), StringComparer.Ordinal);
    }

    /// <summary>A host's device classes as <c>./vgrid hosts</c> shows them: each excluded class names its kinds.</summary>
    public static string[] Annotate(IEnumerable<string> deviceClasses, Dictionary<string, List<string>> excluded) =>
        [.. deviceClasses.Select(c => excluded.TryGetValue(c, out var kinds) ? $"{c} [excluded: {string.Join(' ', kinds)}]" : c)];
}
