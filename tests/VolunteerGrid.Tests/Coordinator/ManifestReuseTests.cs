using VolunteerGrid.Coordinator.Dispatch;
using VolunteerGrid.Coordinator.Security;
using VolunteerGrid.Shared.Protocol;
using VolunteerGrid.Shared.Signing;

namespace VolunteerGrid.Tests.Coordinator;

/// <summary>A unit is signed once; its replicas reuse the signed manifest while its signed deadline covers theirs.</summary>
public sealed class ManifestReuseTests
{
    [Fact]
    public async Task IssueAsync_SecondReplicaOfAUnit_GetsTheSameSignedManifestVerifiable()
    {
        await using var grid = await TestGrid.StartAsync();
        await grid.SubmitSumAsync([1, 2], chunk: 2, deadlineSeconds: 100);
        var issuer = grid.Get<ManifestIssuer>();
        var first = (await grid.RequestAsync(await grid.RegisterAsync("a"))).Single();
        var firstAssignment = (await issuer.IssueAsync([first], CancellationToken.None)).Single();
        grid.Time.Advance(TimeSpan.FromSeconds(30));

        var second = (await grid.RequestAsync(await grid.RegisterAsync("b"))).Single();
        var secondAssignment = (await issuer.IssueAsync([second], CancellationToken.None)).Single();

        Assert.Equal(first.UnitId, second.UnitId);
        Assert.NotNull(second.SignedManifest);
        Assert.Equal(firstAssignment.SignedManifest, secondAssignment.SignedManifest);
        Assert.Equal(grid.Time.GetUtcNow().AddSeconds(100), secondAssignment.Deadline);
        var manifest = Verified(grid, secondAssignment.SignedManifest);
        Assert.Equal(first.UnitId, manifest.UnitId);
        Assert.True(manifest.Deadline >= secondAssignment.Deadline, "the signed deadline must not cut the replica's time short");
    }

    [Fact]
    public async Task IssueAsync_ReplicaLeasedAfterTheSignedWindow_GetsAFreshSignature()
    {
        await using var grid = await TestGrid.StartAsync();
        await grid.SubmitSumAsync([1, 2], chunk: 2, deadlineSeconds: 100);
        var issuer = grid.Get<ManifestIssuer>();
        var first = (await grid.RequestAsync(await grid.RegisterAsync("a"))).Single();
        var old = (await issuer.IssueAsync([first], CancellationToken.None)).Single();
        grid.Time.Advance(TimeSpan.FromSeconds(100 * ManifestIssuer.ReuseWindow));

        var late = (await grid.RequestAsync(await grid.RegisterAsync("b"))).Single();
        var fresh = (await issuer.IssueAsync([late], CancellationToken.None)).Single();

        Assert.Null(late.SignedManifest);
        Assert.NotEqual(old.SignedManifest, fresh.SignedManifest);
        Assert.True(Verified(grid, fresh.SignedManifest).Deadline >= fresh.Deadline);
    }

    [Fact]
    public async Task IssueAsync_ReplicasLeasedBeforeEitherIsSigned_ShareOneSignature()
    {
        await using var grid = await TestGrid.StartAsync();
        await grid.SubmitSumAsync([1, 2], chunk: 2, deadlineSeconds: 100);
        var issuer = grid.Get<ManifestIssuer>();
        var first = (await grid.RequestAsync(await grid.RegisterAsync("a"))).Single();
        var second = (await grid.RequestAsync(await grid.RegisterAsync("b"))).Single();

        // Both still without a stored signature, as when two hosts' leases share one group commit:
        // the second waits for the signature the first is making instead of signing again.
        var assignments = await issuer.IssueAsync([first, second], CancellationToken.None);

        Assert.Equal(first.UnitId, second.UnitId);
        Assert.Null(second.SignedManifest);
        Assert.Equal(assignments[0].SignedManifest, assignments[1].SignedManifest);
        var stored = await grid.QueryAsync("SELECT signed_manifest FROM units WHERE id = @u", r => r.GetString(0), ("@u", first.UnitId));
        Assert.Equal(assignments[0].SignedManifest, Assert.Single(stored));
        Assert.True(Verified(grid, stored[0]).Deadline >= second.Deadline);
    }

    private static WorkUnitManifest Verified(TestGrid grid, string signedBase64)
    {
        var verifier = new ManifestVerifier(grid.Get<ProjectSigning>().Certificate, grid.Time);
        Assert.True(verifier.TryVerifyManifest(Convert.FromBase64String(signedBase64), out var manifest, out var reason), reason);
        return manifest;
    }
}
