namespace VolunteerGrid.Coordinator.Dashboard;

/// <summary>A product file; <see cref="Previewable"/> when it is a FITS image the preview route can render.</summary>
public sealed record DashboardProduct(string Name, string Sha256, long Size, bool Previewable);
