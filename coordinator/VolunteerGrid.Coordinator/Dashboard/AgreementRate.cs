namespace VolunteerGrid.Coordinator.Dashboard;

/// <summary>Results judged by validation: how many agreed with their unit's quorum (<see cref="Rate"/> = valid / judged).</summary>
public sealed record AgreementRate(long Valid, long Invalid, double? Rate);
