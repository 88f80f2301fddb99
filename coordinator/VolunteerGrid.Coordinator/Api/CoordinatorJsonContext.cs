using System.Text.Json;
using System.Text.Json.Serialization;
using VolunteerGrid.Coordinator.Campaigns;
using VolunteerGrid.Coordinator.Dashboard;
using VolunteerGrid.Coordinator.Notifications;

namespace VolunteerGrid.Coordinator.Api;

/// <summary>Source-generated JSON for coordinator-only responses (not part of the shared wire contract).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(IReadOnlyList<UnitStatus>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(WebhookNotice))]
[JsonSerializable(typeof(DashboardOverview))]
[JsonSerializable(typeof(ThroughputSeries))]
[JsonSerializable(typeof(IReadOnlyList<SubmitForm>))]
[JsonSerializable(typeof(IReadOnlyList<StoredProduct>))]
internal sealed partial class CoordinatorJsonContext : JsonSerializerContext;
