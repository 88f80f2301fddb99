using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using VolunteerGrid.Shared.Fits;
using VolunteerGrid.Tests.Grid;

namespace VolunteerGrid.Tests.FrontDoor;

[CollectionDefinition(nameof(DemoEndToEndTests), DisableParallelization = true)]
public sealed class DemoEndToEndCollection;

/// <summary>
/// <c>dotnet vgrid.dll demo --size 1</c> as a user runs it: separate coordinator and agent processes.
/// Runs alone, after the parallel tests, so its ~45 short-lived .NET processes (a coordinator, three
/// agents, a child per replica; ~10 s on a quiet machine) never compete with the suite. CI once saw
/// it still running at its 3-minute limit, with nothing kept to say why; a failure now reports the
/// demo's output, every child's log and the coordinator database's units, replicas and events.
/// </summary>
[Trait("Category", "Integration")]
[Collection(nameof(DemoEndToEndTests))]
public sealed class DemoEndToEndTests
{
    [Fact]
    public async Task Demo_Size1_WritesImagePreviewAndQuorumProvenance()
    {
        var outDir = Directory.CreateTempSubdirectory("vgrid-demo-test-").FullName;
        string? logs = null;
        try
        {
            // Run vgrid from its own build output (the test folder's framework set lacks the agent's Pkcs; see AgentProcessTests).
            // --keep leaves the coordinator and agent logs, so a failure can show what the grid was doing.
            using var demo = VgridProcess.Start("demo", "--size", "1", "--out", outDir, "--keep");
            var exitCode = await demo.WaitForExitAsync(DemoTimeout);
            logs = LogsFolder(demo.Output);
            if (exitCode is null)
                demo.KillHard();
            Assert.True(exitCode == 0, (exitCode is null ? $"demo still running after {DemoTimeout.TotalSeconds:0} s" : $"demo failed ({exitCode})")
                + $"; its output:\n{demo.Output}\n{LogTails(logs)}\n{GridState(logs)}");
            Assert.Contains("summary:", demo.Output, StringComparison.Ordinal);

            var fits = Directory.GetFiles(outDir, "*.fits").Single(f => !f.EndsWith("_area.fits", StringComparison.Ordinal));
            using (var file = FitsFile.Open(fits))
            {
                var image = file.ReadImageFloat32(0);
                // 1 deg² at 4"/px is 900 px on a side; the header keeps the field's WCS centre.
                Assert.Equal(900, image.Width);
                Assert.Equal(900, image.Height);
                Assert.Equal(150.0, image.Header.RequireDouble("CRVAL1"), 6);
                Assert.Equal(2.0, image.Header.RequireDouble("CRVAL2"), 6);
                Assert.True(image.Pixels.Count(float.IsFinite) > 0.9 * image.Pixels.Length, "the product should cover the field");
            }

            var png = PngEncoderTests.DecodeWithPython(Path.ChangeExtension(fits, ".png"));
            Assert.Equal(900 * 900, png.Length);
            Assert.True(png.Distinct().Count() > 20, "the preview should show more than a few grey levels");

            using var provenance = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(outDir, "provenance.json")));
            var units = provenance.RootElement.GetProperty("units").EnumerateArray().ToList();
            Assert.NotEmpty(units);
            Assert.Contains(units, u => u.GetProperty("hosts").EnumerateArray().Select(h => h.GetString()).Distinct().Count() >= 2);
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
            if (logs is not null && Directory.Exists(logs))
                Directory.Delete(logs, recursive: true);
        }
    }

    /// <summary>Alone the demo takes about 10 s; this bounds a hang, not a slow machine.</summary>
    private static readonly TimeSpan DemoTimeout = TimeSpan.FromMinutes(4);

    /// <summary>The temporary folder the demo prints as "logs in PATH".</summary>
    private static string? LogsFolder(string output)
    {
        var match = Regex.Match(output, @"logs in (\S+)");
        return match.Success ? match.Groups[1].Value.TrimEnd('.', ';') : null;
    }

    /// <summary>What the coordinator's database says: every unit and replica by state, and the campaign's events.</summary>
    private static string GridState(string? folder)
    {
        var database = folder is null ? null : Path.Combine(folder, "coordinator", "grid.db");
        if (database is null || !File.Exists(database))
            return "(no coordinator database)";
        var text = new StringBuilder("--- coordinator database\n");
        try
        {
            AppendGridState(text, database);
        }
        catch (SqliteException e)
        {
            text.AppendLine($"(unreadable: {e.Message})");
        }
        SqliteConnection.ClearAllPools();
        return text.ToString();
    }

    private static void AppendGridState(StringBuilder text, string database)
    {
        using var connection = new SqliteConnection($"Data Source={database}");
        connection.Open();
        foreach (var (title, sql) in new[]
        {
            ("units (kind, state, count)", "SELECT kind, state, COUNT(*) FROM units GROUP BY kind, state"),
            ("replicas (unit, host, state, sent, deadline, reason)", "SELECT u.unit_key, h.name, r.state, r.sent_at, r.deadline, COALESCE(r.reason, '') FROM results r JOIN units u ON u.id = r.unit_id JOIN hosts h ON h.id = r.host_id ORDER BY r.sent_at"),
            ("events", "SELECT at, level, message FROM events ORDER BY id"),
        })
        {
            text.AppendLine(title + ":");
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            while (reader.Read())
                text.AppendLine("  " + string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
        }
    }

    private static string LogTails(string? folder)
    {
        if (folder is null || !Directory.Exists(folder))
            return "(no demo logs folder)";
        var text = new StringBuilder();
        foreach (var log in Directory.GetFiles(folder, "*.log").Order(StringComparer.Ordinal))
        {
            var lines = File.ReadAllLines(log);
            text.AppendLine($"--- {Path.GetFileName(log)} (last 40 of {lines.Length} lines)");
            foreach (var line in lines.TakeLast(40))
                text.AppendLine(line);
        }
        return text.ToString();
    }
}
