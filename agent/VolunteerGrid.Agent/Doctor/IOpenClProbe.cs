namespace VolunteerGrid.Agent.Doctor;

/// <summary>Lists this machine's OpenCL devices (the doctor's GPU check).</summary>
public interface IOpenClProbe
{
    Task<OpenClReport> ProbeAsync(CancellationToken ct);
}
