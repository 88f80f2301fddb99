using System.Net;
using System.Net.Sockets;
using VolunteerGrid.Cli;
using VolunteerGrid.Cli.Commands.Client;

namespace VolunteerGrid.Tests.FrontDoor;

/// <summary>The CLI's client against a coordinator that accepts connections but never answers (a hung process).</summary>
public sealed class CoordinatorClientTimeoutTests
{
    [Fact]
    public async Task Get_CoordinatorNeverAnswers_FailsWithUnavailableNamingTheWait()
    {
        using var listener = Listen(out var url);
        var accepted = listener.AcceptSocketAsync();
        using var client = new CoordinatorClient(url, "key") { AnswerTimeout = TimeSpan.FromMilliseconds(300) };

        var error = await Assert.ThrowsAsync<CliException>(() => client.GetAsync("c1", CancellationToken.None));

        Assert.Equal(ExitCodes.Unavailable, error.ExitCode);
        Assert.Contains("campaign c1", error.Message, StringComparison.Ordinal);
        Assert.Contains("did not answer within 0.3 s", error.Message, StringComparison.Ordinal);
        (await accepted).Dispose();
    }

    [Fact]
    public async Task Get_CallerCancels_IsACancellationNotATimeout()
    {
        using var listener = Listen(out var url);
        var accepted = listener.AcceptSocketAsync();
        using var client = new CoordinatorClient(url, "key");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetAsync("c1", cancel.Token));
        (await accepted).Dispose();
    }

    [Fact]
    public async Task DownloadProduct_BodyStallsAfterTheHeaders_FailsAndLeavesNoFile()
    {
        using var listener = Listen(out var url);
        var clientDone = new TaskCompletionSource();
        var server = Task.Run(async () =>
        {
            using var socket = await listener.AcceptSocketAsync();
            var request = new byte[4096];
            await socket.ReceiveAsync(request);
            // Headers and the first bytes of a 1 MB body, then silence.
            await socket.SendAsync("HTTP/1.1 200 OK\r\nContent-Length: 1048576\r\nContent-Type: application/octet-stream\r\n\r\nSIMPLE  ="u8.ToArray());
            await clientDone.Task;
        });
        var target = Path.Combine(Directory.CreateTempSubdirectory("vgrid-download-").FullName, "mosaic.fits");
        using var client = new CoordinatorClient(url, "key") { AnswerTimeout = TimeSpan.FromMilliseconds(300) };

        var error = await Assert.ThrowsAsync<CliException>(() => client.DownloadProductAsync("c1", "mosaic.fits", target, CancellationToken.None));
        clientDone.SetResult();

        Assert.Equal(ExitCodes.Unavailable, error.ExitCode);
        Assert.Contains("stalled for 0.3 s", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(target)!));
        Directory.Delete(Path.GetDirectoryName(target)!, recursive: true);
        await server;
    }

    /// <summary>A loopback socket that accepts connections and answers nothing unless the test does.</summary>
    private static TcpListener Listen(out Uri url)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        url = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
        return listener;
    }
}
