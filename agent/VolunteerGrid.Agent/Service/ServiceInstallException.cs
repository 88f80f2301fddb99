namespace VolunteerGrid.Agent.Service;

/// <summary>Registering or removing the agent failed; the message says why and what to do.</summary>
public sealed class ServiceInstallException(string message) : Exception(message);
