using System.Collections.Concurrent;
using System.Text.Json;
using VolunteerGrid.Coordinator.Hosting;
using VolunteerGrid.Coordinator.Security;
using VolunteerGrid.Coordinator.Storage;
using VolunteerGrid.Shared.Hashing;
using VolunteerGrid.Shared.Protocol;
using VolunteerGrid.Shared.Protocol.Grid;

namespace VolunteerGrid.Coordinator.Dispatch;

/// <summary>
/// Turns leased replicas into the signed manifests agents receive (CMS, base64 on the wire). A
/// manifest depends on the unit, not on the host, so a unit is signed once and its replicas reuse
/// the signed bytes: the signature is made outside the lease transaction and stored on the unit.
/// </summary>
/// <remarks>
/// The signed deadline is the manifest's validity window (<see cref="ReuseWindow"/> unit deadlines
/// from signing), not a replica's deadline: each assignment carries its own deadline, which the
/// coordinator enforces, and the agent runs to the earlier of the two. A replica leased after the
/// stored manifest's window gets a fresh signature. Replicas of one unit leased together (in one
/// group commit) see no stored signature yet: the first to sign shares its signature with them while
/// it is being made and stored (<see cref="_signing"/>), so a unit is signed once, not once per replica.
/// </remarks>
public sealed class ManifestIssuer(ProjectSigning signing, CoordinatorOptions options, GroupCommit commits)
{
    /// <summary>How many unit deadlines a signed manifest stays usable for later replicas.</summary>
    public const int ReuseWindow = 4;

    // Per unit, the signature being made or stored right now; removed once it is in the database.
    private readonly ConcurrentDictionary<string, Task<SignedManifest>> _signing = new(StringComparer.Ordinal);

    /// <summary>The manifest of <paramref name="unit"/>, valid until <paramref name="validUntil"/> (the replica's deadline when null).</summary>
    public WorkUnitManifest ManifestOf(DispatchedUnit unit, DateTimeOffset? validUntil = null)
    {
        using var parameters = JsonDocument.Parse(unit.Parameters);
        return new WorkUnitManifest(
            WorkUnitManifest.CurrentFormatVersion, unit.CampaignId, unit.UnitId, unit.Kind, unit.KindVersion,
            parameters.RootElement.Clone(),
            [.. unit.Inputs.Select(i => new ManifestInput(i.Name, Sha256Digest.Parse(i.Sha256), i.Size, Url: null))],
            [.. unit.Outputs.Select(o => new ManifestOutput(o, options.MaxUploadBytes))],
            validUntil ?? unit.Deadline, unit.IssuedAt);
    }

    /// <summary>Assignments for leased replicas: stored signatures reused, missing ones made and stored for the next replicas.</summary>
    public async Task<IReadOnlyList<WorkAssignment>> IssueAsync(IReadOnlyList<DispatchedUnit> units, CancellationToken cancellationToken)
    {
        var assignments = new WorkAssignment[units.Count];
        List<(string Unit, SignedManifest Manifest)>? made = null;
        List<(string Unit, TaskCompletionSource<SignedManifest> Shared)>? claims = null;
        try
        {
            for (var i = 0; i < units.Count; i++)
            {
                var unit = units[i];
                var signed = unit.SignedManifest ?? await SharedSignatureAsync(unit);
                if (signed is null)
                {
                    var validUntil = unit.IssuedAt + (unit.Deadline - unit.IssuedAt) * ReuseWindow;
                    // A replica of the same unit asking meanwhile waits for this signature instead of making its own.
                    var claim = new TaskCompletionSource<SignedManifest>(TaskCreationOptions.RunContinuationsAsynchronously);
                    if (_signing.TryAdd(unit.UnitId, claim.Task))
                        (claims ??= []).Add((unit.UnitId, claim));
                    signed = Convert.ToBase64String(signing.Signer.Sign(ManifestOf(unit, validUntil)));
                    var manifest = new SignedManifest(signed, validUntil.ToUnixTimeMilliseconds());
                    claim.TrySetResult(manifest);
                    (made ??= []).Add((unit.UnitId, manifest));
                }
                assignments[i] = new WorkAssignment(unit.ResultId, signed, unit.Deadline);
            }
            if (made is not null)
            {
                await commits.WriteAsync(async tx =>
                {
                    // A concurrent lease may have stored a signature meanwhile; keep the longer-lived one.
                    foreach (var (unit, manifest) in made)
                    {
                        await tx.ExecAsync("""
                            UPDATE units SET signed_manifest = @m, manifest_valid_until = @v
                            WHERE id = @u AND (manifest_valid_until IS NULL OR manifest_valid_until < @v)
                            """, ("@m", manifest.Signed), ("@v", manifest.ValidUntil), ("@u", unit));
                    }
                }, cancellationToken);
            }
        }
        finally
        {
            // Stored (or failed): later leases read the signature from the unit row again, and a
            // replica still waiting on a signing that threw signs alone.
            foreach (var (unit, claim) in claims ?? [])
            {
                claim.TrySetCanceled(CancellationToken.None);
                _signing.TryRemove(new KeyValuePair<string, Task<SignedManifest>>(unit, claim.Task));
            }
        }
        return assignments;
    }

    /// <summary>The signature another replica of the unit is making or storing, when it covers this replica's deadline.</summary>
    private async Task<string?> SharedSignatureAsync(DispatchedUnit unit)
    {
        if (!_signing.TryGetValue(unit.UnitId, out var pending))
            return null;
        try
        {
            var shared = await pending;
            return shared.ValidUntil >= unit.Deadline.ToUnixTimeMilliseconds() ? shared.Signed : null;
        }
        catch (OperationCanceledException)
        {
            // The other replica's signing failed: sign this one alone.
            return null;
        }
    }

    private sealed record SignedManifest(string Signed, long ValidUntil);
}
