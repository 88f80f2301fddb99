namespace VolunteerGrid.Agent.Service;

/// <summary>What to register: the agent's executable and the arguments it runs with.</summary>
/// <param name="Executable">Full path of vgrid-agent.exe (or vgrid.exe, with "agent" first in <paramref name="Arguments"/>).</param>
/// <param name="Arguments">The agent's arguments (absolute paths), without the service-only flag.</param>
/// <param name="Gpu">GPU work is on: the agent must run in the user's session to keep the GPU.</param>
/// <param name="Mode">Service, logon task, or chosen from <paramref name="Gpu"/>.</param>
public sealed record ServiceInstallRequest(string Executable, IReadOnlyList<string> Arguments, bool Gpu, ServiceMode Mode);
