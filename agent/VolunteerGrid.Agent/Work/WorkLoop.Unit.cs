using System.Security.Cryptography;
using VolunteerGrid.Agent.Downloads;
using VolunteerGrid.Agent.Execution;
using VolunteerGrid.Agent.Manifests;
using VolunteerGrid.Shared.Protocol.Grid;

namespace VolunteerGrid.Agent.Work;

// One assignment, from signed manifest to report.
internal sealed partial class WorkLoop
{
    /// <summary>How much of a unit's log travels with its report.</summary>
    private const int MaxReportedLogChars = 4096;

    /// <summary>How long the agent tries to tell the coordinator it is abandoning a unit.</summary>
    private static readonly TimeSpan AbandonNoticeTimeout = TimeSpan.FromSeconds(10);

    private async Task ProcessAsync(CurrentUnit unit, CancellationToken abandon)
    {
        if (_time.GetUtcNow() >= unit.Deadline)
        {
            await FailAsync(unit, "deadline passed before this host could run the unit (the agent was stopped or offline)", null, abandon);
            return;
        }

        UnitManifest manifest;
        try
        {
            manifest = _verifier.Verify(unit.SignedManifest, _pinned!);
        }
        catch (ManifestRejectedException e)
        {
            _status.Log($"unit {unit.ResultId}: REFUSED: {e.Message}");
            await FailAsync(unit, "manifest refused: " + e.Message, null, abandon);
            return;
        }

        _status.StartUnit(unit.ResultId, manifest.Kind);
        if (!_kinds.TryGetUnit(manifest.Kind, out var kind) || kind.Version != manifest.KindVersion)
        {
            var have = string.Join(", ", _kinds.UnitKinds.Select(k => $"{k.Name} v{k.Version}").Order(StringComparer.Ordinal));
            await FailAsync(unit, $"kind {manifest.Kind} v{manifest.KindVersion} is not built into this agent (it has: {have})", null, abandon);
            return;
        }

        var workDirectory = Path.Combine(_state.WorkDirectory, SafeDirectoryName(unit.ResultId));
        var digests = manifest.Inputs.Select(i => i.Sha256).ToList();
        _cache.Pin(digests);
        try
        {
            _status.Phase("downloading");
            var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
            try
            {
                foreach (var input in manifest.Inputs)
                    inputs[input.Name] = await _downloader.EnsureAsync(input, abandon);
            }
            catch (InputIntegrityException e)
            {
                _status.Log($"unit {unit.ResultId}: REFUSED input: {e.Message}");
                await FailAsync(unit, "input refused: " + e.Message, null, abandon);
                return;
            }
            catch (CoordinatorRejectedException e)
            {
                await FailAsync(unit, "input unavailable: " + e.Message, null, abandon);
                return;
            }

            _status.Phase("running");
            var outputDirectory = Path.Combine(workDirectory, "out");
            if (Directory.Exists(outputDirectory))
                Directory.Delete(outputDirectory, recursive: true); // a previous attempt's partial outputs
            var gpu = _kinds.TryGetUnit(manifest.Kind, out var unitKind) && unitKind.GpuCapable ? _devices.UnitGpu : null;
            var job = new UnitJob(manifest.Kind, manifest.KindVersion, manifest.Parameters, inputs, outputDirectory, _options.EffectiveCores, gpu);
            // The signed deadline bounds the assignment's: an altered assignment cannot buy more time.
            var deadline = manifest.Deadline < unit.Deadline ? manifest.Deadline : unit.Deadline;
            var limits = new UnitRunLimits(deadline, _options.EffectiveMemoryMb << 20, _options.CpuLimitPercent);
            var heartbeat = new ProgressHeartbeat(_client, unit.ResultId, _time, _status.Log);
            var progress = new SynchronousProgress<double>(fraction =>
            {
                _status.Progress(fraction);
                heartbeat.Report(fraction);
            });
            var outcome = await _runner.RunAsync(job, limits, progress, abandon);
            await heartbeat.FlushAsync();
            if (!outcome.Succeeded)
            {
                await FailAsync(unit, outcome.Failure!, outcome.Log, abandon);
                return;
            }

            _status.Phase("uploading");
            var (outputs, problem) = await CollectOutputsAsync(manifest, outputDirectory, abandon);
            if (problem is not null)
            {
                await FailAsync(unit, problem, outcome.Log, abandon);
                return;
            }
            foreach (var output in outputs)
            {
                var path = Path.Combine(outputDirectory, output.Name);
                if (!await TellAsync(unit, ct => _client.UploadOutputAsync(unit.ResultId, output.Name, path, output.Sha256, output.Size, ct), abandon))
                    return;
            }
            var report = new ResultReport(outputs, _devices.Used(outcome.GpuUsed), outcome.Elapsed.TotalSeconds, outcome.CpuTime.TotalSeconds, Tail(outcome.Log));
            if (await TellAsync(unit, ct => _client.CompleteAsync(unit.ResultId, report, ct), abandon))
            {
                Finish(unit);
                _status.EndUnit(true, $"unit {unit.ResultId}: done in {outcome.Elapsed.TotalSeconds:0.0} s, {outputs.Count} output(s) uploaded");
            }
        }
        catch (OperationCanceledException) when (abandon.IsCancellationRequested)
        {
            await TellAbandonedAsync(unit);
            throw;
        }
        finally
        {
            _cache.Unpin(digests);
        }
    }

    private static async Task<(List<OutputDeclaration> Outputs, string? Problem)> CollectOutputsAsync(UnitManifest manifest, string directory, CancellationToken ct)
    {
        var outputs = new List<OutputDeclaration>();
        foreach (var declared in manifest.Outputs)
        {
            var file = new FileInfo(Path.Combine(directory, declared.Name));
            if (!file.Exists)
                return (outputs, $"the kernel did not write the declared output '{declared.Name}'");
            if (file.Length > declared.MaxSize)
                return (outputs, $"output '{declared.Name}' is {file.Length} bytes, more than the {declared.MaxSize} bytes the manifest allows");
            await using var stream = file.OpenRead();
            var sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
            outputs.Add(new OutputDeclaration(declared.Name, sha, file.Length));
        }
        return (outputs, null);
    }

    private async Task FailAsync(CurrentUnit unit, string reason, string? log, CancellationToken abandon)
    {
        if (await TellAsync(unit, ct => _client.FailAsync(unit.ResultId, new ResultFailure(reason, Abandoned: false, Tail(log)), ct), abandon))
        {
            Finish(unit);
            _status.EndUnit(false, $"unit {unit.ResultId}: failed: {reason}");
        }
    }

    /// <summary>
    /// Sends one report, retrying an unreachable coordinator with backoff until the unit's deadline
    /// (after it the coordinator has reissued the unit and will not want the report). Returns false
    /// when the report could not be delivered; the unit is then dropped.
    /// </summary>
    private async Task<bool> TellAsync(CurrentUnit unit, Func<CancellationToken, Task> send, CancellationToken abandon)
    {
        while (true)
        {
            try
            {
                await send(abandon);
                _unreachable.Reset();
                return true;
            }
            catch (CoordinatorRejectedException e)
            {
                _status.Log($"unit {unit.ResultId}: the coordinator refused the report: {e.Message}");
                Finish(unit);
                _status.EndUnit(false, $"unit {unit.ResultId}: dropped");
                return false;
            }
            catch (CoordinatorUnavailableException e) when (_time.GetUtcNow() < unit.Deadline)
            {
                await BackOffAsync(e.Message, abandon);
            }
            catch (CoordinatorUnavailableException e)
            {
                _status.Log($"unit {unit.ResultId}: could not report before the deadline ({e.Message}); dropping it");
                Finish(unit);
                _status.EndUnit(false, $"unit {unit.ResultId}: dropped");
                return false;
            }
        }
    }

    /// <summary>
    /// Tells the coordinator this host gives the unit up, so it can reissue it now instead of at
    /// the deadline. If the coordinator cannot be told, the unit stays saved and a restart resumes it.
    /// </summary>
    private async Task TellAbandonedAsync(CurrentUnit unit)
    {
        using var timeout = new CancellationTokenSource(AbandonNoticeTimeout, _time);
        try
        {
            await _client.FailAsync(unit.ResultId, new ResultFailure("abandoned: the volunteer stopped the agent", Abandoned: true, null), timeout.Token);
            Finish(unit);
            _status.EndUnit(false, $"unit {unit.ResultId}: abandoned; the coordinator was told");
        }
        catch (Exception e) when (e is CoordinatorUnavailableException or CoordinatorRejectedException or OperationCanceledException)
        {
            _status.Log($"unit {unit.ResultId}: could not tell the coordinator it was abandoned ({e.Message}); it stays saved and resumes on restart");
        }
    }

    private void Finish(CurrentUnit unit)
    {
        _state.ClearCurrentUnit();
        var workDirectory = Path.Combine(_state.WorkDirectory, SafeDirectoryName(unit.ResultId));
        if (Directory.Exists(workDirectory))
            Directory.Delete(workDirectory, recursive: true);
    }

    private static string? Tail(string? log) =>
        string.IsNullOrEmpty(log) ? null : log.Length <= MaxReportedLogChars ? log : log[^MaxReportedLogChars..];

    /// <summary>Result ids come from the coordinator; keep them from naming paths outside DATA/work.</summary>
    private static string SafeDirectoryName(string resultId) =>
        string.Concat(resultId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
}
