namespace VolunteerGrid.WorkUnits.FriendsOfFriends;

/// <summary>One stage of a <see cref="FofKernel"/> run: wall seconds and process CPU seconds (user + sys).</summary>
public readonly record struct FofStageTime(string Name, double WallSeconds, double CpuSeconds);
