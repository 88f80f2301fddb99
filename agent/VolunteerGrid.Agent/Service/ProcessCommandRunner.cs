using System.Diagnostics;

namespace VolunteerGrid.Agent.Service;

/// <summary>Runs the tool as a child process and waits for it (these tools finish in a second).</summary>
public sealed class ProcessCommandRunner : ICommandRunner
{
    public CommandOutcome Run(string fileName, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(start) ?? throw new ServiceInstallException($"could not start {fileName}");
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return new CommandOutcome(process.ExitCode, (stdout + stderr.Result).Trim());
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ServiceInstallException($"could not run {fileName}: {e.Message}");
        }
    }
}
