namespace VolunteerGrid.Coordinator.Dashboard;

/// <summary>
/// A volunteer host with its record. Reliability is the fraction of its validated results that
/// agreed with the quorum; the error rate the fraction of its results that failed or timed out.
/// The account is shown to admins only.
/// </summary>
public sealed record DashboardHost(
    string Name,
    string? Account,
    bool Active,
    DateTimeOffset LastSeen,
    int InProgress,
    int ValidResults,
    int InvalidResults,
    int ErrorResults,
    double? Reliability,
    double? ErrorRate);
