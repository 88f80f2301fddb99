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
/// stored manifest's window gets a fresh signature.
/// </remarks>
public sealed class ManifestIssuer(ProjectSigning signing, CoordinatorOptions options, GroupCommit commits)
{
    /// <summary>How many unit deadlines a signed manifest stays usable for later replicas.</summary>
    public const int ReuseWindow = 4;

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
        List<(string Unit, string Signed, long ValidUntil)>? made = null;
        for (var i = 0; i < units.Count; i++)
        {
            var unit = units[i];
            var signed = unit.SignedManifest;
            if (signed is null)
            {
                var validUntil = unit.IssuedAt + (unit.Deadline - unit.IssuedAt) * ReuseWindow;
                signed = Convert.ToBase64String(signing.Signer.Sign(ManifestOf(unit, validUntil)));
                (made ??= []).Add((unit.UnitId, signed, validUntil.ToUnixTimeMilliseconds()));
            }
            assignments[i] = new WorkAssignment(unit.ResultId, signed, unit.Deadline);
        }
        if (made is not null)
        {
            await commits.WriteAsync(async tx =>
            {
                // A concurrent lease may have stored a signature meanwhile; keep the longer-lived one.
                foreach (var (unit, signed, validUntil) in made)
                {
                    await tx.ExecAsync("""
                        UPDATE units SET signed_manifest = @m, manifest_valid_until = @v
                        WHERE id = @u AND (manifest_valid_until IS NULL OR manifest_valid_until < @v)
                        """, ("@m", signed), ("@v", validUntil), ("@u", unit));
                }
            }, cancellationToken);
        }
        return assignments;
    }
}
