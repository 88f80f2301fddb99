namespace VolunteerGrid.Agent.Service;

/// <summary>Runs a system tool (sc.exe, schtasks.exe); tests substitute a recorder.</summary>
public interface ICommandRunner
{
    CommandOutcome Run(string fileName, IReadOnlyList<string> arguments);
}
