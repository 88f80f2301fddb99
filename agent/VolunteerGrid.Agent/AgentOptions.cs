namespace VolunteerGrid.Agent;

/// <summary>What the volunteer chose on the command line (<c>vgrid agent</c> or <c>vgrid-agent</c>).</summary>
public sealed record AgentOptions
{
    public required Uri Coordinator { get; init; }

    /// <summary>
    /// Further coordinator replicas (same database) tried in turn when <see cref="Coordinator"/> is
    /// unreachable; the host's registration is keyed by <see cref="Coordinator"/>.
    /// </summary>
    public IReadOnlyList<Uri> FailoverCoordinators { get; init; } = [];

    /// <summary><see cref="Coordinator"/> followed by <see cref="FailoverCoordinators"/>.</summary>
    public IReadOnlyList<Uri> AllCoordinators => [Coordinator, .. FailoverCoordinators];

    /// <summary>Where the agent keeps its token, pinned certificate, unit state and input cache.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Cores a unit may use; all logical cores when null.</summary>
    public int? Cores { get; init; }

    /// <summary>Memory limit of one unit in MB; half the machine's memory when null.</summary>
    public long? MemoryMb { get; init; }

    public bool IdleOnly { get; init; }

    /// <summary>Share of CPU time units may use, 1–100 (duty cycle).</summary>
    public int CpuLimitPercent { get; init; } = 100;

    public long CacheMb { get; init; } = 2048;

    /// <summary>Host name shown to the project; the machine name when null.</summary>
    public string? Name { get; init; }

    /// <summary>Volunteer account the host belongs to, if any.</summary>
    public string? Account { get; init; }

    /// <summary>PEM file of the project certificate to pin; trust on first use when null.</summary>
    public string? ProjectCertificateFile { get; init; }

    /// <summary>OpenCL use for GPU-capable units: auto, off or a device number (<c>--gpu</c>).</summary>
    public Devices.GpuSelection Gpu { get; init; } = Devices.GpuSelection.Auto;

    public int EffectiveCores => Math.Clamp(Cores ?? Environment.ProcessorCount, 1, Environment.ProcessorCount);

    public long EffectiveMemoryMb => MemoryMb ?? Math.Max(256, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2 >> 20);

    /// <summary>Checks every value, naming the option and the fix.</summary>
    public void Validate()
    {
        foreach (var coordinator in AllCoordinators)
        {
            if (!coordinator.IsAbsoluteUri || coordinator.Scheme is not ("http" or "https"))
                throw new ArgumentException($"--coordinator '{coordinator}' must be an absolute http:// or https:// URL, e.g. http://127.0.0.1:5080");
        }
        if (string.IsNullOrWhiteSpace(DataDirectory))
            throw new ArgumentException("--data must name a directory the agent may write, e.g. ~/.vgrid-agent");
        if (Cores is < 1)
            throw new ArgumentException($"--cores {Cores} must be at least 1");
        if (MemoryMb is < 64)
            throw new ArgumentException($"--memory-mb {MemoryMb} must be at least 64 MB");
        if (CpuLimitPercent is < 1 or > 100)
            throw new ArgumentException($"--cpu-limit {CpuLimitPercent} must be a percentage between 1 and 100");
        if (CacheMb < 1)
            throw new ArgumentException($"--cache-mb {CacheMb} must be at least 1");
        if (ProjectCertificateFile is not null && !File.Exists(ProjectCertificateFile))
            throw new ArgumentException($"--project-cert {ProjectCertificateFile} does not exist: give the project's PEM certificate file");
    }
}
