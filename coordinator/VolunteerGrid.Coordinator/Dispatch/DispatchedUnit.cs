namespace VolunteerGrid.Coordinator.Dispatch;

/// <summary>
/// One replica leased to a host: everything its manifest carries, and the unit's signed manifest
/// when one signed for an earlier replica is still valid for this one (base64 CMS; null: sign anew).
/// </summary>
public sealed record DispatchedUnit(
    string ResultId,
    string UnitId,
    string CampaignId,
    string Kind,
    int KindVersion,
    string Parameters,
    IReadOnlyList<DispatchedInput> Inputs,
    IReadOnlyList<string> Outputs,
    DateTimeOffset IssuedAt,
    DateTimeOffset Deadline,
    string? SignedManifest = null);

/// <summary>An input of a leased unit, fetched by digest from the file store.</summary>
public sealed record DispatchedInput(string Name, string Sha256, long Size);
