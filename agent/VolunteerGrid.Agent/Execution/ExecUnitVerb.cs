using System.Text.Json;
using VolunteerGrid.WorkUnits.Contract;

namespace VolunteerGrid.Agent.Execution;

/// <summary>The child side: <c>vgrid-agent exec-unit JOB.json</c> runs one unit and exits.</summary>
internal static class ExecUnitVerb
{
    public static async Task<int> RunAsync(string jobFile, KindRegistry registry, TextWriter stdout)
    {
        UnitJob job;
        try
        {
            job = JsonSerializer.Deserialize(await File.ReadAllTextAsync(jobFile), AgentJsonContext.Default.UnitJob)
                ?? throw new InvalidDataException("empty job file");
        }
        catch (Exception e) when (e is IOException or JsonException or InvalidDataException or UnauthorizedAccessException)
        {
            await stdout.WriteLineAsync(ChildProtocol.Error + ChildProtocol.OneLine($"cannot read job file {jobFile}: {e.Message}"));
            return ChildProtocol.ExitBadJob;
        }

        // The parent reads these lines as they come; writes from kernel threads are serialised.
        var gate = new object();
        void Write(string line)
        {
            lock (gate)
            {
                stdout.WriteLine(line);
                stdout.Flush();
            }
        }
        var progress = new SynchronousProgress<double>(f => Write(ChildProtocol.FormatProgress(f)));
        using var stop = new CancellationTokenSource();
        // The parent closes our stdin to ask for a cooperative stop before it kills us.
        _ = Task.Run(async () =>
        {
            try
            {
                while (await Console.In.ReadLineAsync() is not null)
                {
                }
            }
            catch (IOException)
            {
            }
            await stop.CancelAsync();
        });
        try
        {
            await UnitJobExecutor.ExecuteAsync(job, registry, progress, l => Write(ChildProtocol.Log + ChildProtocol.OneLine(l)), stop.Token,
                gpu => Write(ChildProtocol.Device + (gpu?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "cpu")));
            return ChildProtocol.ExitOk;
        }
        catch (Exception e)
        {
            Write(ChildProtocol.Error + ChildProtocol.OneLine($"{e.GetType().Name}: {e.Message}"));
            return ChildProtocol.ExitKernelFailed;
        }
    }
}
