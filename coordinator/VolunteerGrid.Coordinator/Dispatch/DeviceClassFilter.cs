using System.Data.Common;
using VolunteerGrid.Coordinator.Storage;
using VolunteerGrid.Shared.Protocol.Grid;

namespace VolunteerGrid.Coordinator.Dispatch;

/// <summary>
/// Drops the kinds a host must not get because one of its device classes is excluded for them
/// (<see cref="Validation.DeviceClassRecord"/>). The agent runs a GPU-capable kind on its GPU, so a
/// host whose GPU class is excluded for a kind gets that kind again once it runs with <c>--gpu off</c>
/// (it then reports only its CPU class).
/// </summary>
internal static class DeviceClassFilter
{
    public static async Task<List<KindVersion>> AllowedKindsAsync(DbTransaction tx, IReadOnlyList<DeviceInfo> devices, List<KindVersion> kinds)
    {
        if (kinds.Count == 0 || devices.Count == 0)
            return kinds;
        var parameters = new List<(string, object?)>();
        var classes = Sql.InList("c", [.. devices.Select(d => (object)d.Class).Distinct()], parameters);
        var excluded = await tx.QueryAsync(
            $"SELECT DISTINCT kind FROM device_class_kinds WHERE excluded_at IS NOT NULL AND device_class IN ({classes})",
            r => r.GetString(0), [.. parameters]);
        return excluded.Count == 0 ? kinds : [.. kinds.Where(k => !excluded.Contains(k.Name, StringComparer.Ordinal))];
    }
}
