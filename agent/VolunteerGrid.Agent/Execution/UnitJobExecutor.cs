using VolunteerGrid.WorkUnits.Contract;

namespace VolunteerGrid.Agent.Execution;

/// <summary>
/// Runs a <see cref="UnitJob"/> through its kind: the one code path shared by the child process
/// (<c>exec-unit</c>) and <see cref="InProcessUnitRunner"/>.
/// </summary>
internal static class UnitJobExecutor
{
    public static async Task ExecuteAsync(UnitJob job, KindRegistry registry, IProgress<double> progress, Action<string> log, CancellationToken ct, Action<int?>? deviceUsed = null)
    {
        if (!registry.TryGetUnit(job.Kind, out var kind))
            throw new UnknownKindException(job.Kind, "unit", [.. registry.UnitKinds.Select(k => k.Name)]);
        if (kind.Version != job.KindVersion)
            throw new InvalidOperationException($"unit kind '{job.Kind}' is version {kind.Version} in this agent but the manifest asks for version {job.KindVersion}; update the agent");
        Directory.CreateDirectory(job.OutputDirectory);
        var files = new DirectoryUnitFiles(job.Inputs, job.OutputDirectory);
        var context = new UnitExecutionContext
        {
            CancellationToken = ct,
            Progress = progress,
            MaxDegreeOfParallelism = Math.Max(1, job.Cores),
            // Auto, not OpenCl: any OpenCL failure falls back to the CPU (DeviceRequest).
            Device = job.GpuDevice is null ? ComputeDevice.Cpu : ComputeDevice.Auto,
            OpenClDeviceIndex = job.GpuDevice,
            DeviceUsed = d => deviceUsed?.Invoke(d?.Index),
            Log = log,
        };
        await kind.ExecuteAsync(job.Parameters, files, context);
    }
}
