using System.Text.Json;

namespace VolunteerGrid.Shared.Protocol.Grid;

/// <summary>A file now in the content-addressed store.</summary>
public sealed record StoredFile(string Sha256, long Size);

/// <summary>
/// Queue a campaign. <see cref="Inputs"/> maps campaign input names to stored files' SHA-256;
/// <see cref="Parameters"/> is validated by the campaign kind.
/// </summary>
public sealed record SubmitCampaignRequest(
    string Kind,
    JsonElement Parameters,
    IReadOnlyDictionary<string, string> Inputs,
    QuorumPolicy? Quorum = null,
    double? DeadlineSeconds = null,
    int Priority = 0,
    bool Public = false,
    string? Webhook = null,
    string? Name = null);

/// <summary>BOINC-style replication bounds for every unit of a campaign.</summary>
/// <param name="MinQuorum">Distinct hosts whose results must agree before a unit's result is canonical.</param>
/// <param name="TargetResults">Replicas sent at first (at least <paramref name="MinQuorum"/>).</param>
/// <param name="MaxTotalResults">Replicas a unit may use in all before it fails for lack of agreement.</param>
/// <param name="MaxErrorResults">Error or timed-out replicas a unit tolerates before it fails.</param>
/// <param name="AdaptiveReplication">
/// Opt-in to BOINC's adaptive replication: a host with a long run of valid results may have a
/// unit's result accepted alone, except for a random fraction of spot checks. Off by default (and
/// when an older client leaves it out): every canonical result is then agreed by
/// <paramref name="MinQuorum"/> distinct hosts.
/// </param>
public sealed record QuorumPolicy(
    int MinQuorum = 2, int TargetResults = 2, int MaxTotalResults = 6, int MaxErrorResults = 3, bool AdaptiveReplication = false);

/// <summary>Counts of units by state within one stage (unit kind) of a campaign.</summary>
public sealed record StageProgress(string Stage, int Pending, int InProgress, int Validating, int Done, int Failed)
{
    public int Total => Pending + InProgress + Validating + Done + Failed;
}

/// <summary>A campaign as listed and streamed to watchers.</summary>
public sealed record CampaignSummary(
    string Id,
    string Kind,
    string? Name,
    string Owner,
    bool Public,
    CampaignState State,
    int Priority,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyList<StageProgress> Stages,
    double ResultsPerSecond,
    string? FailureReason);

/// <summary>A product file of a finished campaign.</summary>
public sealed record ProductInfo(string Name, string Sha256, long Size);

/// <summary>A host as admins see it.</summary>
public sealed record HostSummary(
    string HostId,
    string Name,
    string? Account,
    DateTimeOffset LastSeen,
    int ConsecutiveValid,
    int ValidResults,
    int InvalidResults,
    int ErrorResults,
    int InProgress,
    int DailyQuota,
    IReadOnlyList<string> DeviceClasses);

public sealed record CreateApiKeyRequest(ApiRole Role, string Owner);

/// <summary>The new key (shown once; stored hashed).</summary>
public sealed record CreateApiKeyResponse(string Key, ApiRole Role, string Owner);
