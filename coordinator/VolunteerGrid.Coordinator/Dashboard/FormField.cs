namespace VolunteerGrid.Coordinator.Dashboard;

/// <summary>One editable parameter at <see cref="Path"/> (dot-separated) in the kind's parameters; empty optional fields send null.</summary>
public sealed record FormField(string Path, string Label, FormFieldType Type, IReadOnlyList<FormOption>? Options = null, bool Optional = false);
