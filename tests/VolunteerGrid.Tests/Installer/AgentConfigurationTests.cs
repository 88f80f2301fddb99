using VolunteerGrid.Tests.Cli;

namespace VolunteerGrid.Tests.Installer;

/// <summary><c>--config FILE</c> under the flags, and <c>vgrid agent --print-config</c> with the source of each value.</summary>
public sealed class AgentConfigurationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vgrid-agent-config-").FullName;

    [Fact]
    public async Task PrintConfig_FileAndFlags_FlagWinsAndEachValueNamesItsSource()
    {
        var config = Write("# comment\ncoordinator = http://grid.example.org:5080\ncores = 3\nidle-only = true\ngpu = 1\nname =\n");

        var (code, stdout, stderr) = await CliRunner.RunAsync("agent", "--print-config", "--config", config, "--cores", "1", "--data", _directory);

        Assert.True(code == 0, stderr);
        Assert.Matches($@"coordinator = http://grid\.example\.org:5080\s+# {Escaped(config)} line 2\n", stdout);
        Assert.Matches(@"cores = 1\s+# command line\n", stdout);
        Assert.Matches($@"idle-only = true\s+# {Escaped(config)} line 4\n", stdout);
        Assert.Matches($@"gpu = 1\s+# {Escaped(config)} line 5\n", stdout);
        Assert.Matches(@"cache-mb = 2048\s+# default\n", stdout);
        Assert.Matches(@"name =\s+# default\n", stdout);
        Assert.Contains($"# in effect: 1 core(s)", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrintConfig_NoCoordinatorAnywhere_PrintsAndSaysWhatIsMissing()
    {
        var (code, stdout, _) = await CliRunner.RunAsync("agent", "--print-config");

        Assert.Equal(0, code);
        Assert.Matches(@"coordinator =\s+# default\n", stdout);
        Assert.Contains("not runnable yet: no coordinator: pass --coordinator URL or set 'coordinator = URL'", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agent_CoordinatorOnlyInFile_IsUsed()
    {
        // An unreachable coordinator with a bad --cores from the file: the file's value is parsed
        // and validated like the flag (the agent stops before any network traffic).
        var config = Write("coordinator = http://127.0.0.1:1\ncores = 0\n");

        var (code, _, stderr) = await CliRunner.RunAsync("agent", "--config", config, "--data", _directory);

        Assert.Equal(2, code);
        Assert.Contains("--cores 0 must be at least 1", stderr, StringComparison.Ordinal);
    }

    // Each bad file names the file, the line and the fix.
    [Theory]
    [InlineData("colour = blue\n", "line 1: unknown setting 'colour'; known settings: coordinator, data, cores")]
    [InlineData("cores = many\n", "line 1: 'many' is not a valid value for cores")]
    [InlineData("idle-only = yes\n", "line 1: 'yes' is not a valid value for idle-only")]
    [InlineData("cores = 1\ncores = 2\n", "line 2: 'cores' is set twice: keep one line")]
    [InlineData("--cores = 2\n", "line 1: '--cores' is not a setting name: write the option without dashes")]
    [InlineData("cores 2\n", "line 1: 'cores 2' is not 'name = value'")]
    [InlineData("windows-service = true\n", "line 1: unknown setting 'windows-service'")]
    public async Task Agent_BadConfigFile_OneLineNamingFileLineAndFix(string text, string expected)
    {
        var config = Write(text);

        var (code, _, stderr) = await CliRunner.RunAsync("agent", "--config", config, "--coordinator", "http://127.0.0.1:1", "--data", _directory);

        Assert.Equal(2, code);
        Assert.Contains($"{config} {expected}", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task Agent_MissingConfigFile_SaysSo()
    {
        var (code, _, stderr) = await CliRunner.RunAsync("agent", "--config", Path.Combine(_directory, "nope.conf"));

        Assert.Equal(2, code);
        Assert.Contains("nope.conf does not exist: give the agent's configuration file", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agent_NoDataDirectory_SaysWhereToSetIt()
    {
        var (code, _, stderr) = await CliRunner.RunAsync("agent", "--coordinator", "http://127.0.0.1:1");

        Assert.Equal(2, code);
        Assert.Contains("no data directory: pass --data DIR or set 'data = DIR'", stderr, StringComparison.Ordinal);
    }

    private string Write(string text)
    {
        var path = Path.Combine(_directory, $"agent-{Guid.NewGuid():N}.conf");
        File.WriteAllText(path, text);
        return path;
    }

    private static string Escaped(string path) => System.Text.RegularExpressions.Regex.Escape(path);

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
