using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using VolunteerGrid.Coordinator;
using VolunteerGrid.Coordinator.Validation;

namespace VolunteerGrid.Tests.Coordinator;

public sealed class UploadSecurityTests
{
    private static readonly byte[] Output = Encoding.UTF8.GetBytes("3");

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    [Fact]
    public async Task UploadOutput_FromHostTheResultWasNotSentTo_Is403AndStoresNothing()
    {
        await using var grid = await TestGrid.StartAsync();
        await grid.SubmitSumAsync([1, 2], chunk: 2);
        var owner = await grid.RegisterAsync("owner");
        var intruder = await grid.RegisterAsync("intruder");
        var unit = (await grid.RequestAsync(owner)).Single();
        var filesBefore = await grid.CountAsync("SELECT COUNT(*) FROM files");

        var e = await Assert.ThrowsAsync<GridException>(() => grid.Get<ResultIntake>().UploadOutputAsync(
            intruder, unit.ResultId, "sum.json", Sha(Output), "1", new MemoryStream(Output), CancellationToken.None));

        Assert.Equal(403, e.Status);
        Assert.Equal(filesBefore, await grid.CountAsync("SELECT COUNT(*) FROM files"));
        Assert.Equal(0, await grid.CountAsync("SELECT COUNT(*) FROM result_outputs"));
    }

    [Theory]
    [InlineData(1, 413)] // body longer than the declared size
    [InlineData(0, 400)] // declared hash is not the body's hash
    public async Task UploadOutput_NotAsDeclared_IsRejectedAndStoresNothing(int extraBytes, int status)
    {
        await using var grid = await TestGrid.StartAsync();
        await grid.SubmitSumAsync([1, 2], chunk: 2);
        var host = await grid.RegisterAsync("h");
        var unit = (await grid.RequestAsync(host)).Single();
        var body = new byte[Output.Length + extraBytes];
        Output.CopyTo(body, 0);
        var declaredSha = extraBytes > 0 ? Sha(Output) : new string('a', 64);
        var filesBefore = await grid.CountAsync("SELECT COUNT(*) FROM files");

        var e = await Assert.ThrowsAsync<GridException>(() => grid.Get<ResultIntake>().UploadOutputAsync(
            host, unit.ResultId, "sum.json", declaredSha, Output.Length.ToString(CultureInfo.InvariantCulture), new MemoryStream(body), CancellationToken.None));

        Assert.Equal(status, e.Status);
        Assert.Equal(filesBefore, await grid.CountAsync("SELECT COUNT(*) FROM files"));
        Assert.False(grid.Get<VolunteerGrid.Coordinator.Storage.FileStore>().Exists(Sha(body)));
        Assert.Equal(0, await grid.CountAsync("SELECT COUNT(*) FROM result_outputs"));
    }

    [Fact]
    public async Task UploadOutput_SmallOutput_IsKeptInTheDatabaseAndReadBackByPath()
    {
        await using var grid = await TestGrid.StartAsync();
        await grid.SubmitSumAsync([1, 2], chunk: 2);
        var host = await grid.RegisterAsync("h");
        var unit = (await grid.RequestAsync(host)).Single();
        var files = grid.Get<VolunteerGrid.Coordinator.Storage.FileStore>();

        var stored = await grid.Get<ResultIntake>().UploadOutputAsync(
            host, unit.ResultId, "sum.json", Sha(Output), Output.Length.ToString(CultureInfo.InvariantCulture), new MemoryStream(Output), CancellationToken.None);

        Assert.Equal(Sha(Output), stored.Sha256);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(grid.Directory, "files"), stored.Sha256, SearchOption.AllDirectories));
        Assert.Equal(1, await grid.CountAsync("SELECT COUNT(*) FROM file_chunks WHERE sha256 = @h", ("@h", stored.Sha256)));
        Assert.Equal(1, await grid.CountAsync("SELECT COUNT(*) FROM result_outputs WHERE result_id = @r", ("@r", unit.ResultId)));
        Assert.True(files.Exists(stored.Sha256));
        Assert.Equal(Output, await File.ReadAllBytesAsync(files.PathOf(stored.Sha256)));
    }

    [Fact]
    public async Task Complete_WithoutUploadingTheOutputs_IsRejected()
    {
        await using var grid = await TestGrid.StartAsync();
        await grid.SubmitSumAsync([1, 2], chunk: 2);
        var host = await grid.RegisterAsync("h");
        var unit = (await grid.RequestAsync(host)).Single();

        var e = await Assert.ThrowsAsync<GridException>(() => grid.Get<ResultIntake>().CompleteAsync(host, unit.ResultId,
            new VolunteerGrid.Shared.Protocol.Grid.ResultReport([new("sum.json", Sha(Output), Output.Length)],
                new("cpu", "v", "n", "d", 1, true), 1, 1, null), CancellationToken.None));

        Assert.Equal(400, e.Status);
        Assert.Contains("not uploaded", e.Message);
    }
}
