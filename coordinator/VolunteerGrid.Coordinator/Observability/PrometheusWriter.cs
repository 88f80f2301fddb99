using System.Globalization;
using System.Text;
using VolunteerGrid.Coordinator.Security;
using VolunteerGrid.Coordinator.Storage;
using VolunteerGrid.Shared.Protocol.Grid;

namespace VolunteerGrid.Coordinator.Observability;

/// <summary>
/// /metrics in the Prometheus text exposition format (version 0.0.4), written by hand: no
/// exporter package is available here. Gauges come from the database, counters from <see cref="GridMetrics"/>.
/// </summary>
public sealed class PrometheusWriter(GridDatabase database, GridMetrics metrics, TimeProvider time)
{
    private static readonly TimeSpan RateWindow = TimeSpan.FromMinutes(1);

    public async Task<string> WriteAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (units, hosts, recent, invalid) = await database.ReadAsync(async c =>
        {
            var byState = await c.QueryAsync("SELECT state, COUNT(*) FROM units GROUP BY state", r => ((UnitState)r.GetInt32(0), r.GetInt64(1)));
            var active = await c.ScalarAsync<long>("SELECT COUNT(*) FROM hosts WHERE last_seen >= @t", ("@t", (now - HostRegistry.ActiveWindow).ToUnixTimeMilliseconds()));
            var reported = await c.ScalarAsync<long>("SELECT COUNT(*) FROM results WHERE reported_at >= @t", ("@t", (now - RateWindow).ToUnixTimeMilliseconds()));
            var rejected = await c.ScalarAsync<long>("SELECT COUNT(*) FROM results WHERE state = @s", ("@s", ResultState.Invalid));
            return (byState, active, reported, rejected);
        }, cancellationToken);
        var s = new StringBuilder();
        s.Append("# HELP vgrid_units Work units by state.\n# TYPE vgrid_units gauge\n");
        foreach (var state in Enum.GetValues<UnitState>())
            Line(s, $"vgrid_units{{state=\"{state.ToString().ToLowerInvariant()}\"}}", units.Where(u => u.Item1 == state).Sum(u => u.Item2));
        Metric(s, "vgrid_results_per_second", "gauge", "Results reported per second over the last minute.", recent / RateWindow.TotalSeconds);
        Metric(s, "vgrid_results_reported_total", "counter", "Results reported since this process started.", metrics.ResultsReported);
        Metric(s, "vgrid_validation_failures_total", "counter", "Results rejected by validation since this process started.", metrics.ValidationFailures);
        Metric(s, "vgrid_results_invalid", "gauge", "Results ever rejected by validation (stored).", invalid);
        Metric(s, "vgrid_hosts_active", "gauge", "Hosts seen in the last 10 minutes.", hosts);
        Metric(s, "vgrid_bytes_in_total", "counter", "Bytes uploaded to the coordinator since this process started.", metrics.BytesIn);
        Metric(s, "vgrid_bytes_out_total", "counter", "Bytes served by the coordinator since this process started.", metrics.BytesOut);
        return s.ToString();
    }

    private static void Metric(StringBuilder s, string name, string type, string help, double value)
    {
        s.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        s.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        Line(s, name, value);
    }

    private static void Line(StringBuilder s, string series, double value) =>
        s.Append(series).Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
}
