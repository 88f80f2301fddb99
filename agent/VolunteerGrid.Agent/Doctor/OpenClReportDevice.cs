namespace VolunteerGrid.Agent.Doctor;

/// <summary>One OpenCL device as the doctor reports it.</summary>
/// <param name="Index">The number <c>--gpu N</c> (or <c>gpu = N</c>) selects it by.</param>
/// <param name="Name">Vendor and device name, for the volunteer to recognise.</param>
/// <param name="IsGpu">False for OpenCL drivers that run on the CPU (PoCL).</param>
public sealed record OpenClReportDevice(int Index, string Name, bool IsGpu);
