using VolunteerGrid.Tests.Cli;

namespace VolunteerGrid.Tests.Coordinator;

public sealed class CoordinatorCommandTests
{
    [Theory]
    [InlineData("--db", "postgres", "needs --connection")] // PostgreSQL without a server to talk to
    [InlineData("--duty-lease-seconds", "0", "--duty-lease-seconds")] // a lease that expires at once
    [InlineData("--connection", "Host=x", "only for --db postgres")] // meaningless with SQLite
    [InlineData("--keys", "/nonexistent/keys", "vgrid keys init")] // points at the fix
    public async Task Coordinator_UnsupportedOrWrongOption_ExitsWithOneClearLine(string option, string value, string expected)
    {
        var data = TestGrid.NewDirectory();
        try
        {
            var (code, _, err) = await CliRunner.RunAsync("coordinator", "--data", data, option, value);

            Assert.Equal(2, code);
            Assert.Contains(expected, err);
            Assert.Single(err.Trim().Split('\n'));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Bogus=yes;Database=vgrid", 2, "malformed")] // unknown keyword
    [InlineData("Host=127.0.0.1;Port=1;Username=vgrid;Password=x;Database=vgrid;Timeout=3", 69, "cannot connect to PostgreSQL 127.0.0.1:1/vgrid")] // nothing listens on port 1
    public async Task Coordinator_PostgresConnectionBadOrUnreachable_ExitsWithOneClearLine(string connection, int expectedCode, string expected)
    {
        var data = TestGrid.NewDirectory();
        try
        {
            var (code, _, err) = await CliRunner.RunAsync("coordinator", "--data", data, "--db", "postgres", "--connection", connection, "--urls", "http://127.0.0.1:0");

            Assert.Equal(expectedCode, code);
            Assert.Contains(expected, err);
            Assert.Single(err.Trim().Split('\n'));
            Assert.DoesNotContain("Password=x", err);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Coordinator_WithoutData_IsAUsageError()
    {
        var (code, _, err) = await CliRunner.RunAsync("coordinator");

        Assert.Equal(2, code);
        Assert.Contains("--data", err);
    }
}
