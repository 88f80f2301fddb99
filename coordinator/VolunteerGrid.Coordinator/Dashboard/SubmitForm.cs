using System.Text.Json;

namespace VolunteerGrid.Coordinator.Dashboard;

/// <summary>
/// How the dashboard's submit form for one campaign kind is drawn: the kind's own default
/// parameters (serialised by the kind, so names and enum spellings cannot drift), the fields a
/// scientist may change (by JSON path into those parameters) and the input files it takes.
/// </summary>
public sealed record SubmitForm(string Kind, string Title, JsonElement Defaults, IReadOnlyList<FormField> Fields, IReadOnlyList<FormInput> Inputs);
