using System.Diagnostics;
using System.Reflection;

namespace VolunteerGrid.Cli.Commands.Client.Demo;

/// <summary>
/// The processes the demo starts (a coordinator and agents, each this same vgrid re-invoked), with
/// their output captured to log files; disposing kills every process tree, so nothing outlives the
/// demo whether it succeeds, fails or is interrupted.
/// </summary>
public sealed class ChildProcesses : IDisposable
{
    private readonly List<Process> _processes = [];
    private readonly Lock _gate = new();
    private readonly string _logDirectory;
    private readonly TaskCompletionSource<string> _firstExit = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _disposing;

    public ChildProcesses(string logDirectory)
    {
        _logDirectory = logDirectory;
        // Ctrl-C: System.CommandLine gives the command a short grace period and then lets the process
        // end, possibly before the demo's finally block has run; the children must not outlive it.
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>
    /// Completes with a description of the first child that ends on its own (a coordinator that could
    /// not bind its port, an agent that crashed): the demo's grid cannot finish without it, so waiting
    /// on the campaign would only hang.
    /// </summary>
    public Task<string> FirstExit => _firstExit.Task;

    /// <summary>Starts <c>vgrid ARGS</c>; stdout and stderr go to LOGDIR/<paramref name="name"/>.log.</summary>
    public Process Start(string name, params string[] arguments)
    {
        var (file, prefix) = SelfInvocation();
        return StartProgram(name, file, [.. prefix, .. arguments]);
    }

    /// <summary>Starts <paramref name="file"/> ARGS the same way (tests use this with a stand-in program).</summary>
    internal Process StartProgram(string name, string file, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
            start.ArgumentList.Add(a);
        var process = Process.Start(start) ?? throw new CliException($"could not start {file} for the demo's {name}");
        lock (_gate)
            _processes.Add(process);
        var logPath = Path.Combine(_logDirectory, name + ".log");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var gate = new Lock();
        var openStreams = 2;
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Lines may still arrive after Exited is raised; the log closes at the end of both streams.
        void Line(string? data)
        {
            lock (gate)
            {
                if (data is not null)
                    log.WriteLine(data);
                else if (--openStreams == 0)
                {
                    log.Dispose();
                    drained.TrySetResult();
                }
            }
        }
        process.OutputDataReceived += (_, e) => Line(e.Data);
        process.ErrorDataReceived += (_, e) => Line(e.Data);
        process.Exited += (_, _) => _ = ReportExitAsync(name, process, logPath, drained.Task);
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>How to run this vgrid again: the single-file executable itself, or <c>dotnet vgrid.dll</c>.</summary>
    public static (string File, string[] Prefix) SelfInvocation()
    {
        var host = Environment.ProcessPath ?? throw new CliException("cannot tell which executable is running, so the demo cannot start its coordinator and agents");
        if (!Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            return (host, []);
        // Under `dotnet vgrid.dll` the process is the dotnet host; the entry assembly is vgrid.dll.
        var assembly = Assembly.GetEntryAssembly()?.Location;
        if (string.IsNullOrEmpty(assembly) || !Path.GetFileName(assembly).Equals("vgrid.dll", StringComparison.OrdinalIgnoreCase))
            throw new CliException("the demo must run from the vgrid executable or 'dotnet vgrid.dll' (it starts copies of itself)");
        return (host, [assembly]);
    }

    private void OnProcessExit(object? sender, EventArgs e) => Dispose();

    private async Task ReportExitAsync(string name, Process process, string logPath, Task drained)
    {
        if (Volatile.Read(ref _disposing))
            return;
        var code = process.ExitCode;
        // Its last lines say why it ended; a grandchild holding the pipes open must not delay the report.
        await Task.WhenAny(drained, Task.Delay(TimeSpan.FromSeconds(2)));
        _firstExit.TrySetResult($"the demo's {name} exited with code {code}; its log ({logPath}) ends:{Environment.NewLine}{Tail(logPath)}");
    }

    private static string Tail(string path)
    {
        try
        {
            return string.Join(Environment.NewLine, File.ReadLines(path).TakeLast(15));
        }
        catch (IOException e)
        {
            return $"(unreadable: {e.Message})";
        }
    }

    public void Dispose()
    {
        Volatile.Write(ref _disposing, true);
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        lock (_gate)
        {
            // Kill every tree first and only then wait: waiting on one before killing the next let a
            // slow exit of the coordinator leave the agents running when the process ended.
            foreach (var process in _processes)
            {
                try
                {
                    if (!process.HasExited)
                        process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // Already gone between the check and the kill.
                }
            }
            foreach (var process in _processes)
            {
                process.WaitForExit(5000);
                process.Dispose();
            }
            _processes.Clear();
        }
    }
}
