namespace VolunteerGrid.Agent.Doctor;

/// <summary>
/// What the OpenCL probe found: the devices the agent itself would offer, numbered as <c>--gpu N</c>
/// names them, or why there are none.
/// </summary>
/// <param name="Devices">Usable devices (available, with a compiler and double precision).</param>
/// <param name="Problem">Why OpenCL cannot be used, in plain words; null when it can.</param>
public sealed record OpenClReport(IReadOnlyList<OpenClReportDevice> Devices, string? Problem)
{
    /// <summary>How many of <see cref="Devices"/> are GPUs (not an OpenCL driver for the CPU such as PoCL).</summary>
    public int Gpus => Devices.Count(d => d.IsGpu);
}
