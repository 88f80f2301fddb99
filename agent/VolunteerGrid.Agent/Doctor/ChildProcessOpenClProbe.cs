using VolunteerGrid.Agent.Devices;

namespace VolunteerGrid.Agent.Doctor;

/// <summary>
/// Asks the same child-process probe the agent uses at start (<see cref="HostDevices"/>), so the
/// doctor numbers and filters devices exactly as <c>--gpu N</c> will, and a driver that crashes or
/// hangs while listing devices is reported instead of taking the doctor down with it.
/// </summary>
/// <param name="environment">Extra environment for the child (tests hide the loader with it).</param>
public sealed class ChildProcessOpenClProbe(IReadOnlyDictionary<string, string>? environment = null) : IOpenClProbe
{
    public async Task<OpenClReport> ProbeAsync(CancellationToken ct)
    {
        var (devices, note) = await HostDevices.ProbeInChildAsync(ct, environment);
        var listed = devices.Select(d => new OpenClReportDevice(d.Index, $"{d.Info.Vendor} / {d.Info.Name}", d.Info.Kind != "opencl-cpu")).ToList();
        return new OpenClReport(listed, listed.Count == 0 ? note ?? "no OpenCL device with double precision" : null);
    }
}
