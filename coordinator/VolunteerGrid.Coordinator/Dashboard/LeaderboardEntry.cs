namespace VolunteerGrid.Coordinator.Dashboard;

/// <summary>A host's validated work: results that agreed with the quorum and the estimated work (giga-operations) they carried.</summary>
public sealed record LeaderboardEntry(int Rank, string Host, string? Account, long ValidResults, double ValidatedWork);
