using System.Text.Json.Serialization;

namespace VolunteerGrid.BrowserTests.Contract;

/// <summary>Source-generated JSON for the test's own payloads (the sum campaign's values file).</summary>
[JsonSerializable(typeof(double[]))]
internal sealed partial class BrowserJson : JsonSerializerContext;
