namespace VolunteerGrid.Agent.Service;

/// <summary>One setting as the agent will use it, and where that value came from.</summary>
/// <param name="Name">The option name without dashes, as in the configuration file.</param>
/// <param name="Value">The value as text; empty when not set (the agent's built-in behaviour applies).</param>
/// <param name="Source">"command line", "FILE line N" or "default".</param>
public sealed record EffectiveSetting(string Name, string Value, string Source)
{
    public const string CommandLine = "command line";
    public const string Default = "default";
}
