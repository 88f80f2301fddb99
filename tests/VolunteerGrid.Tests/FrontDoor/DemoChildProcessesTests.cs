using VolunteerGrid.Cli.Commands.Client.Demo;

namespace VolunteerGrid.Tests.FrontDoor;

/// <summary>The demo's process set: a child that ends on its own is reported with its log, instead of the demo waiting for ever.</summary>
public sealed class DemoChildProcessesTests : IDisposable
{
    private readonly string _logs = Directory.CreateTempSubdirectory("vgrid-demo-children-").FullName;

    public void Dispose() => Directory.Delete(_logs, recursive: true);

    [Fact]
    public async Task FirstExit_ChildEndsOnItsOwn_NamesItWithExitCodeAndLastLines()
    {
        using var children = new ChildProcesses(_logs);
        children.StartProgram("agent2", "/bin/sh", ["-c", "echo registering; echo 'address already in use' >&2; exit 3"]);
        children.StartProgram("agent1", "/bin/sh", ["-c", "sleep 30"]);

        var report = await children.FirstExit.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Contains("the demo's agent2 exited with code 3", report, StringComparison.Ordinal);
        Assert.Contains("registering", report, StringComparison.Ordinal);
        Assert.Contains("address already in use", report, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_logs, "agent2.log"), report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_KillsRunningChildren_WithoutReportingThemAsFailures()
    {
        var children = new ChildProcesses(_logs);
        var pid = children.StartProgram("coordinator", "/bin/sh", ["-c", "echo up; sleep 30"]).Id;

        children.Dispose();

        // Dispose has waited for the killed tree; the pid is gone (or, rarely, already reused by an unrelated process).
        Assert.True(IsGone(pid));
        await Task.Delay(300);
        Assert.False(children.FirstExit.IsCompleted);
    }

    private static bool IsGone(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return process.HasExited || process.ProcessName != "sh";
        }
        catch (ArgumentException)
        {
            return true;
        }
    }
}
