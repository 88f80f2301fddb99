namespace VolunteerGrid.Agent.Doctor;

/// <summary>Counts this machine's OpenCL devices (the doctor's GPU check).</summary>
public interface IOpenClProbe
{
    OpenClReport Probe();
}
