namespace VolunteerGrid.Agent.Doctor;

/// <summary>Free space of the file system holding a directory; tests substitute a nearly full disk.</summary>
public interface IDiskSpace
{
    /// <summary>Bytes available to this user on the file system of <paramref name="existingDirectory"/>.</summary>
    long AvailableBytes(string existingDirectory);
}
