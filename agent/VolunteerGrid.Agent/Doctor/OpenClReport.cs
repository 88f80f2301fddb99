namespace VolunteerGrid.Agent.Doctor;

/// <summary>What the OpenCL probe found: devices by type, or why there are none.</summary>
/// <param name="Platforms">OpenCL platforms (installed drivers).</param>
/// <param name="Devices">Devices of any type on all platforms.</param>
/// <param name="Gpus">GPU devices among them.</param>
/// <param name="Problem">Why OpenCL cannot be used, in plain words; null when it can.</param>
public sealed record OpenClReport(int Platforms, int Devices, int Gpus, string? Problem);
