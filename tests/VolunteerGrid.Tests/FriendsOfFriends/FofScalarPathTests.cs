using VolunteerGrid.Shared.Arrays;
using VolunteerGrid.Tests.Cli;

namespace VolunteerGrid.Tests.FriendsOfFriends;

/// <summary>
/// The kernel's scalar fallbacks (machines without AVX: row-by-row windows, scalar pair tests)
/// against its vector paths. Vector256.IsHardwareAccelerated and Avx.IsSupported are JIT-time
/// constants, so the scalar side runs in a child process started with DOTNET_EnableAVX=0.
/// </summary>
public class FofScalarPathTests
{
    [Fact]
    public async Task Fof_WithoutAvx_SameMembershipAsVectorPath()
    {
        using var dir = new TempDirectory();
        // Clustered, with haloes across the periodic faces: every window kind and both folds occur.
        var xyz = ClusteredBoxGenerator.Generate(30_000, 30.0, seed: 21);
        NpyFile.Write<float>(dir.File("p.npy"), xyz, 30_000, 3);
        string[] args = ["fof", dir.File("p.npy"), "--box", "30", "--b", "0.2", "--min-members", "2"];

        var vector = await CliRunner.RunAsync([.. args, "--out", dir.File("vector")]);
        var scalar = await VgridChild.RunAsync(new Dictionary<string, string> { ["DOTNET_EnableAVX"] = "0" }, [.. args, "--out", dir.File("scalar")]);

        Assert.True(vector.Code == 0, vector.Err);
        Assert.True(scalar.Code == 0, scalar.Out + scalar.Err);
        var membership = NpyFile.Read<int>(dir.File("vector/membership.npy"), out _);
        Assert.Equal(membership, NpyFile.Read<int>(dir.File("scalar/membership.npy"), out _));
        Assert.True(membership.Max() > 100, "the test box should contain many groups");
    }
}
