namespace VolunteerGrid.WorkUnits.OpenCl;

/// <summary>
/// One OpenCL device as discovered. <see cref="Index"/> counts devices over all platforms in
/// discovery order (what the agent's <c>--gpu N</c> selects). The class that the coordinator groups
/// results by is (<see cref="Vendor"/>, <see cref="Name"/>, <see cref="DriverVersion"/>): a driver
/// update can change floating-point results as much as a different chip.
/// </summary>
public sealed record OpenClDevice(
    int Index,
    string Platform,
    string Vendor,
    string Name,
    string DriverVersion,
    long GlobalMemoryBytes,
    int ComputeUnits,
    bool Fp64,
    bool IsCpu)
{
    internal nint PlatformHandle { get; init; }

    internal nint Handle { get; init; }

    /// <summary>"vendor / name / driver", how a device is named in logs and errors.</summary>
    public string Describe() => $"{Vendor} / {Name} / {DriverVersion}";
}
