using VolunteerGrid.Agent.Devices;

namespace VolunteerGrid.Agent.Doctor;

/// <summary>What the doctor checks against: the agent's effective configuration.</summary>
/// <param name="Coordinator">The (first) coordinator URL; null when none is configured.</param>
/// <param name="DataDirectory">The agent's data directory; null when none is configured.</param>
/// <param name="ProjectCertificateFile">--project-cert, if given; otherwise DATA/project-cert.pem is the pin.</param>
/// <param name="CacheMb">--cache-mb: how large the input cache may grow.</param>
/// <param name="Gpu">--gpu: with a device number, missing OpenCL or a missing device is a problem; with auto or off only a warning (units run on the CPU).</param>
/// <param name="ConfigFile">The configuration file in use, named in the advice.</param>
public sealed record DoctorInputs(Uri? Coordinator, string? DataDirectory, string? ProjectCertificateFile, long CacheMb, GpuSelection Gpu, string? ConfigFile);
