namespace VolunteerGrid.WorkUnits.OpenCl;

/// <summary>The devices found, and when there are none, why (one line a user can act on).</summary>
public sealed record OpenClDiscoveryResult(IReadOnlyList<OpenClDevice> Devices, string? Unavailable)
{
    public bool Any => Devices.Count > 0;
}
