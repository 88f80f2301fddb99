using VolunteerGrid.Shared.Protocol.Grid;

namespace VolunteerGrid.Agent.Devices;

/// <summary>An OpenCL device the probe child found: its number (for <c>--gpu N</c> and the unit's child) and how it is reported.</summary>
internal sealed record ProbedGpu(int Index, DeviceInfo Info);
