using System.Diagnostics;
using System.Text;
using VolunteerGrid.Tests.Cli;

namespace VolunteerGrid.Tests.Grid;

/// <summary>
/// <c>dotnet vgrid.dll ARGS</c> from the test's build output, as a separate process whose stdout and
/// stderr are kept for failure messages. Dispose kills it (and its unit child processes).
/// </summary>
internal sealed class VgridProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private VgridProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public static VgridProcess Start(params string[] args)
    {
        var process = Process.Start(VgridChild.StartInfo(args)) ?? throw new InvalidOperationException("could not start dotnet vgrid.dll");
        var started = new VgridProcess(process);
        // Drain the pipes (so the child never blocks on a full buffer) into the kept output.
        process.OutputDataReceived += (_, e) => started.Append(e.Data);
        process.ErrorDataReceived += (_, e) => started.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Waits until the output contains <paramref name="text"/>; fails with the output so far.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Output.Contains(text, StringComparison.Ordinal))
                return;
            if (_process.HasExited)
                break;
            await Task.Delay(50);
        }
        Assert.Fail($"{what}: never printed '{text}' within {timeout.TotalSeconds} s (exited: {_process.HasExited}); output:\n{Output}");
    }

    /// <summary>The exit code, or null when the process is still running after <paramref name="timeout"/>.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        // The parameterless wait also waits for the redirected pipes to be drained into Output.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>SIGKILL of the process and its children: no shutdown code runs, exactly like kill -9.</summary>
    public void KillHard()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        try
        {
            KillHard();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }
}
