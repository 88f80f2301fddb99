namespace VolunteerGrid.Agent.Service;

/// <summary>Registers the agent to start by itself (Windows: a service or a scheduled task).</summary>
public interface IServiceInstaller
{
    /// <summary>Registers and starts the agent; returns what was done, in plain words.</summary>
    /// <exception cref="ServiceInstallException">The system refused; the message says why and what to do.</exception>
    string Install(ServiceInstallRequest request);

    /// <summary>Stops and removes whatever <see cref="Install"/> registered; returns what was done.</summary>
    string Uninstall();
}
