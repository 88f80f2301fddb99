namespace VolunteerGrid.Agent.Service;

/// <summary>Exit code and combined output of a system tool.</summary>
public sealed record CommandOutcome(int ExitCode, string Output);
