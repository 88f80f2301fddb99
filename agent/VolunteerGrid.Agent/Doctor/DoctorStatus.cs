namespace VolunteerGrid.Agent.Doctor;

/// <summary>How a doctor check came out; only <see cref="Problem"/> makes the exit code non-zero.</summary>
public enum DoctorStatus
{
    Ok = 0,
    Warning = 1,
    Problem = 2,
}
