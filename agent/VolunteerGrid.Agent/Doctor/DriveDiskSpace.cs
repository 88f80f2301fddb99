namespace VolunteerGrid.Agent.Doctor;

/// <summary>The real free space, from the drive (mount) that holds the directory.</summary>
public sealed class DriveDiskSpace : IDiskSpace
{
    public long AvailableBytes(string existingDirectory) => new DriveInfo(Path.GetFullPath(existingDirectory)).AvailableFreeSpace;
}
