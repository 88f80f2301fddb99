namespace VolunteerGrid.Agent.Service;

/// <summary>How <c>install-service</c> registers the agent on Windows.</summary>
public enum ServiceMode
{
    /// <summary>A scheduled task in the user's session when GPU work is on, a service otherwise (task if the SCM refuses).</summary>
    Auto = 0,

    /// <summary>A Windows service (session 0, starts at boot without a logon; no GPU).</summary>
    Service = 1,

    /// <summary>A per-user scheduled task that starts at logon in the user's session (keeps the GPU).</summary>
    Task = 2,
}
