namespace VolunteerGrid.Coordinator.Dashboard;

/// <summary>
/// A role of input files. Each file becomes a campaign input named <see cref="FixedName"/>, or
/// <see cref="NamePrefix"/> + its extension, or else its own file name; with
/// <see cref="ParameterPath"/> the chosen names are also listed in that array parameter.
/// </summary>
public sealed record FormInput(
    string Role, string Label, bool Multiple, bool Required, string Accept,
    string? FixedName = null, string? NamePrefix = null, string? ParameterPath = null);
