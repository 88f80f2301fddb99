using System.Data.Common;

namespace VolunteerGrid.Coordinator.Dispatch;

/// <summary>The dispatch-relevant part of a hosts row, and the count of its replicas in progress (read after <see cref="Columns"/>).</summary>
internal sealed record HostRow(string Id, string? Account, int ConsecutiveValid, int MaxInProgress, int DailyQuota, long QuotaDay, int SentToday, long InProgress)
{
    public const string Columns = "id, account, consecutive_valid, max_in_progress, daily_quota, quota_day, sent_today";

    public static HostRow Read(DbDataReader r) =>
        new(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetInt32(2), r.GetInt32(3), r.GetInt32(4), r.GetInt64(5), r.GetInt32(6), r.GetInt64(7));
}
