using System.Text.Json;

namespace VolunteerGrid.Coordinator.Dashboard;

/// <summary>A choice of a select field, with the exact JSON value the kind expects.</summary>
public sealed record FormOption(string Label, JsonElement Value);
