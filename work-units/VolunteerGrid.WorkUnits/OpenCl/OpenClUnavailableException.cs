namespace VolunteerGrid.WorkUnits.OpenCl;

/// <summary>OpenCL was required (<c>--device opencl</c>) but no usable device exists; the message says why and what to install.</summary>
public sealed class OpenClUnavailableException(string message) : Exception(message);
