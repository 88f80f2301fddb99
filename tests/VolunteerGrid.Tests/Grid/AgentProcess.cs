namespace VolunteerGrid.Tests.Grid;

/// <summary>
/// Runs <c>vgrid agent</c> as a separate process with its own temp DATA folder; Dispose kills it
/// (with its unit child process) and deletes the folder.
/// </summary>
internal sealed class AgentProcess : IDisposable
{
    private readonly VgridProcess _process;

    private AgentProcess(VgridProcess process, string name, string dataDirectory)
    {
        _process = process;
        Name = name;
        DataDirectory = dataDirectory;
    }

    public string Name { get; }

    public string DataDirectory { get; }

    public string Output => _process.Output;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>vgrid agent --coordinator URL --name NAME</c> plus <paramref name="extraArgs"/> (e.g. <c>--project-cert FILE</c>).</summary>
    public static AgentProcess Start(Uri coordinator, string name, params string[] extraArgs) => Start(coordinator.ToString(), name, extraArgs);

    /// <summary>As <see cref="Start(Uri, string, string[])"/> with <paramref name="coordinators"/> as given to <c>--coordinator</c> (e.g. <c>URL1,URL2</c>).</summary>
    public static AgentProcess Start(string coordinators, string name, params string[] extraArgs)
    {
        var data = Directory.CreateTempSubdirectory("vgrid-agent-" + name + "-").FullName;
        string[] args = ["agent", "--coordinator", coordinators, "--data", data, "--name", name,
            "--cores", "1", "--memory-mb", "512", "--cache-mb", "64", .. extraArgs];
        return new AgentProcess(VgridProcess.Start(args), name, data);
    }

    public Task WaitForOutputAsync(string text, TimeSpan timeout) => _process.WaitForOutputAsync(text, timeout, $"agent {Name}");

    /// <summary>kill -9 of the agent and its running unit.</summary>
    public void KillHard() => _process.KillHard();

    public void Dispose()
    {
        _process.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A killed child may still be closing a file; the temp folder is harmless.
        }
    }
}
