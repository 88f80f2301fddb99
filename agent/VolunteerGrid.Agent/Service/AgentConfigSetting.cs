namespace VolunteerGrid.Agent.Service;

/// <summary>One <c>name = value</c> line of the agent's configuration file.</summary>
internal sealed record AgentConfigSetting(string Name, string Value, int Line);
