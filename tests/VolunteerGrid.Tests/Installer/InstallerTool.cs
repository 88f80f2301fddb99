using System.Diagnostics;

namespace VolunteerGrid.Tests.Installer;

/// <summary>Runs the packaging tools (bash scripts, dpkg, lintian, systemd-analyze) and finds the repository's installer/ folder.</summary>
internal static class InstallerTool
{
    /// <summary>The repository root: the nearest parent of the test output with installer/build.sh.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    public static string InstallerDirectory => Path.Combine(RepositoryRoot, "installer");

    public static (int Code, string Out, string Err) Run(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, int timeoutSeconds = 60)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(timeoutSeconds)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{file} {string.Join(' ', arguments)} did not finish within {timeoutSeconds} s");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs a tool that must succeed; fails the test with its output otherwise.</summary>
    public static string Check(string file, params string[] arguments)
    {
        var (code, stdout, stderr) = Run(file, arguments);
        Assert.True(code == 0, $"{file} {string.Join(' ', arguments)} exited {code}:\n{stdout}\n{stderr}");
        return stdout;
    }

    /// <summary>The tool's path; fails the test (never skips) when the machine lacks it.</summary>
    public static string Require(string tool, string package)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            var path = Path.Combine(directory, tool);
            if (File.Exists(path))
                return path;
        }
        Assert.Fail($"{tool} is not installed: apt-get install {package} (.ci/run installs it)");
        return tool;
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "installer", "build.sh")))
                return directory.FullName;
        }
        throw new InvalidOperationException($"no installer/build.sh above {AppContext.BaseDirectory}: run the tests from the repository");
    }
}
