namespace VolunteerGrid.WorkUnits.Contract;

/// <summary>What a running unit may use: cancellation, progress, a thread budget and a device choice.</summary>
public sealed class UnitExecutionContext
{
    public CancellationToken CancellationToken { get; init; }

    /// <summary>Fraction done in [0, 1]; reported by kernels at coarse steps.</summary>
    public IProgress<double> Progress { get; init; } = new Progress<double>();

    /// <summary>Cores the kernel may use (the agent's --cores, the CLI's --threads).</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Compute device requested for GPU-capable kinds.</summary>
    public ComputeDevice Device { get; init; } = ComputeDevice.Cpu;

    /// <summary>Which OpenCL device (the agent's <c>--gpu N</c>); null picks the best usable one.</summary>
    public int? OpenClDeviceIndex { get; init; }

    /// <summary>Told by GPU-capable kernels which device did the work (null: the CPU), for the result report.</summary>
    public Action<OpenCl.OpenClDevice?> DeviceUsed { get; init; } = _ => { };

    /// <summary>Where kernels may log notes (warnings) that go into the unit's log.</summary>
    public Action<string> Log { get; init; } = _ => { };

    public ParallelOptions ParallelOptions => new()
    {
        CancellationToken = CancellationToken,
        MaxDegreeOfParallelism = MaxDegreeOfParallelism,
    };

    public static UnitExecutionContext Default { get; } = new();
}
