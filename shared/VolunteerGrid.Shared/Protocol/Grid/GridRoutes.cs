namespace VolunteerGrid.Shared.Protocol.Grid;

/// <summary>
/// The coordinator's HTTP routes, shared by the coordinator, the agent and the CLI so the three
/// cannot drift. Control messages are JSON (<see cref="GridJsonContext"/>); bulk data is raw bytes.
/// Agents authenticate with <c>Authorization: Bearer &lt;host token&gt;</c>, scientists and admins
/// with <c>X-Api-Key</c>.
/// </summary>
public static class GridRoutes
{
    public const string Prefix = "/api/v1";

    // --- agents -----------------------------------------------------------------------------
    /// <summary>POST <see cref="RegisterHostRequest"/> → <see cref="RegisterHostResponse"/>.</summary>
    public const string RegisterHost = Prefix + "/hosts/register";

    /// <summary>GET: the project's signing certificate (PEM) that agents pin.</summary>
    public const string ProjectCertificate = Prefix + "/project/certificate";

    /// <summary>POST <see cref="WorkRequest"/> → <see cref="WorkResponse"/>.</summary>
    public const string RequestWork = Prefix + "/work";

    /// <summary>GET a stored file by SHA-256 (supports HTTP Range for resumed downloads).</summary>
    public const string File = Prefix + "/files/{sha256}";

    /// <summary>PUT the raw bytes of one output of a result: <c>?sha256=&amp;size=</c> declare them.</summary>
    public const string ResultOutput = Prefix + "/results/{resultId}/outputs/{name}";

    /// <summary>POST <see cref="ResultReport"/>: the result is complete (all outputs uploaded).</summary>
    public const string CompleteResult = Prefix + "/results/{resultId}/complete";

    /// <summary>POST <see cref="ResultFailure"/>: the unit failed or was abandoned on this host.</summary>
    public const string FailResult = Prefix + "/results/{resultId}/fail";

    /// <summary>POST <see cref="ProgressReport"/>: optional heartbeat with fraction done.</summary>
    public const string ResultProgress = Prefix + "/results/{resultId}/progress";

    // --- scientists and admins ----------------------------------------------------------------
    /// <summary>POST raw bytes (streamed) → <see cref="StoredFile"/>; PUT to <see cref="File"/> also works.</summary>
    public const string Files = Prefix + "/files";

    /// <summary>POST <see cref="SubmitCampaignRequest"/> → <see cref="CampaignSummary"/>; GET lists campaigns.</summary>
    public const string Campaigns = Prefix + "/campaigns";

    public const string Campaign = Prefix + "/campaigns/{id}";
    public const string CancelCampaign = Prefix + "/campaigns/{id}/cancel";
    public const string CampaignUnits = Prefix + "/campaigns/{id}/units";
    public const string CampaignProducts = Prefix + "/campaigns/{id}/products";
    /// <remarks>A product name may have folders (<c>masters/bias.fits</c>): the catch-all keeps its slashes.</remarks>
    public const string CampaignProduct = Prefix + "/campaigns/{id}/products/{**name}";
    public const string CampaignProvenance = Prefix + "/campaigns/{id}/provenance";
    public const string CampaignLogs = Prefix + "/campaigns/{id}/logs";

    /// <summary>Server-Sent Events stream of <see cref="CampaignSummary"/> updates.</summary>
    public const string CampaignEvents = Prefix + "/campaigns/{id}/events";

    /// <summary>GET (admin): hosts with reliability and errors.</summary>
    public const string Hosts = Prefix + "/hosts";

    /// <summary>POST (admin) <see cref="CreateApiKeyRequest"/> → <see cref="CreateApiKeyResponse"/>.</summary>
    public const string ApiKeys = Prefix + "/keys";

    public const string Metrics = "/metrics";
    public const string Health = "/healthz";

    public const string HostTokenScheme = "Bearer";
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>Fills a route template's <c>{name}</c> placeholders (values are URI-escaped).</summary>
    public static string Format(string template, params (string Name, object Value)[] values)
    {
        var s = template;
        foreach (var (name, value) in values)
        {
            var text = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!;
            s = s.Replace("{" + name + "}", Uri.EscapeDataString(text), StringComparison.Ordinal);
            // A catch-all keeps its slashes: escape each segment, not the separators.
            s = s.Replace("{**" + name + "}", string.Join('/', text.Split('/').Select(Uri.EscapeDataString)), StringComparison.Ordinal);
        }
        return s;
    }
}
