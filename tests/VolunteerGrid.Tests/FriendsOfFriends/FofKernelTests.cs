using VolunteerGrid.WorkUnits.FriendsOfFriends;

namespace VolunteerGrid.Tests.FriendsOfFriends;

public class FofKernelTests
{
    [Theory]
    [InlineData(1500, 10.0, 0.2, 1)]
    [InlineData(2000, 1.0, 0.2, 2)]
    [InlineData(2500, 50.0, 0.35, 3)]
    [InlineData(800, 1.0, 0.9, 4)] // large b: giant percolating groups
    public void Link_ClusteredBox_EqualsBruteForce(int n, double box, double b, int seed)
    {
        var xyz = ClusteredBoxGenerator.Generate(n, box, seed);
        var ll = b * box / Math.Cbrt(n);

        var labels = FofKernel.Link<float>(xyz, box, ll);

        Assert.Equal(BruteForceFof.Labels(xyz, box, ll), labels);
        Assert.True(labels.Distinct().Count() < n * 0.9, "the test box should contain real groups");
    }

    [Theory]
    [InlineData(3000, 10.0, 0.2, 5)]
    [InlineData(1000, 1.0, 0.9, 6)] // giant percolating groups: long union chains
    public void Link_OneThread_EqualsBruteForce(int n, double box, double b, int seed)
    {
        // One thread takes the union-find without atomics.
        var xyz = ClusteredBoxGenerator.Generate(n, box, seed);
        var ll = b * box / Math.Cbrt(n);

        var labels = FofKernel.Link<float>(xyz, box, ll, new ParallelOptions { MaxDegreeOfParallelism = 1 });

        Assert.Equal(BruteForceFof.Labels(xyz, box, ll), labels);
    }

    [Fact]
    public void Link_OneThread_EqualsAllCores()
    {
        var xyz = ClusteredBoxGenerator.Generate(200_000, 100.0, seed: 13);
        var ll = 0.2 * 100.0 / Math.Cbrt(200_000);

        var one = FofKernel.Link<float>(xyz, 100.0, ll, new ParallelOptions { MaxDegreeOfParallelism = 1 });

        Assert.Equal(FofKernel.Link<float>(xyz, 100.0, ll, new ParallelOptions { MaxDegreeOfParallelism = 2 }), one);
        Assert.True(one.Distinct().Count() < 200_000 * 0.8, "the test box should contain real groups");
    }

    [Fact]
    public void Link_LinkingLengthNearHalfBox_EqualsBruteForce()
    {
        var xyz = ClusteredBoxGenerator.Generate(300, 1.0, 9, haloFraction: 0);

        Assert.Equal(BruteForceFof.Labels(xyz, 1.0, 0.12), FofKernel.Link<float>(xyz, 1.0, 0.12));
        Assert.Equal(BruteForceFof.Labels(xyz, 1.0, 0.49), FofKernel.Link<float>(xyz, 1.0, 0.49));
    }

    [Fact]
    public void Link_PairExactlyAtLinkingLength_IsLinkedLikeScipyLessOrEqual()
    {
        // 0.25 and 0.75 are exact in binary, so the squared distance equals ll² exactly.
        double[] xyz = [0.5, 0.5, 0.5, 0.75, 0.5, 0.5, 0.5, 0.5, 0.0];

        var labels = FofKernel.Link<double>(xyz, 1.0, 0.25);

        Assert.Equal([0, 0, 2], labels);
    }

    [Fact]
    public void Link_ChainAcrossPeriodicCorner_IsOneGroup()
    {
        // A chain of friends that leaves the box through the x, y and z faces and comes back.
        double[] xyz = [0.99, 0.99, 0.99, 0.01, 0.99, 0.99, 0.01, 0.01, 0.99, 0.01, 0.01, 0.01, 0.5, 0.5, 0.5];

        var labels = FofKernel.Link<double>(xyz, 1.0, 0.025);

        Assert.Equal([0, 0, 0, 0, 4], labels);
    }
}
