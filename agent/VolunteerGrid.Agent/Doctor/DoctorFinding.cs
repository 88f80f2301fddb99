namespace VolunteerGrid.Agent.Doctor;

/// <summary>The outcome of one check, in plain words a volunteer can act on.</summary>
/// <param name="Check">Short name: coordinator, certificate, disk, opencl.</param>
/// <param name="Status">Ok, warning, or a problem that makes the exit code non-zero.</param>
/// <param name="Message">What was found and, for a problem, what to do.</param>
public sealed record DoctorFinding(string Check, DoctorStatus Status, string Message);
