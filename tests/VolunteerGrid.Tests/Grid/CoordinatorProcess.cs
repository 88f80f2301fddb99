using System.Net;
using System.Net.Sockets;

namespace VolunteerGrid.Tests.Grid;

/// <summary>Runs <c>vgrid coordinator</c> as a separate process on a free 127.0.0.1 port.</summary>
internal sealed class CoordinatorProcess : IDisposable
{
    private readonly VgridProcess _process;

    private CoordinatorProcess(VgridProcess process, Uri url, int port)
    {
        _process = process;
        Url = url;
        Port = port;
    }

    public Uri Url { get; }

    public int Port { get; }

    public string Output => _process.Output;

    /// <summary>Starts it on <paramref name="port"/> (a free one when null) and waits until /healthz answers.</summary>
    /// <param name="dataDirectory">The coordinator's DATA folder.</param>
    /// <param name="port">Port to listen on; a free one when null.</param>
    /// <param name="idleRetrySeconds">What idle agents are told to wait.</param>
    /// <param name="extraArgs">More options, e.g. <c>--db postgres --connection …</c>.</param>
    public static async Task<CoordinatorProcess> StartAsync(string dataDirectory, int? port = null, double idleRetrySeconds = 5, IReadOnlyList<string>? extraArgs = null)
    {
        port ??= FreePort();
        var url = new Uri($"http://127.0.0.1:{port}");
        var process = VgridProcess.Start(["coordinator", "--data", dataDirectory, "--urls", url.ToString().TrimEnd('/'),
            "--idle-retry-seconds", idleRetrySeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), .. extraArgs ?? []]);
        var coordinator = new CoordinatorProcess(process, url, port.Value);
        try
        {
            await coordinator.WaitHealthyAsync();
        }
        catch
        {
            coordinator.Dispose();
            throw;
        }
        return coordinator;
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly like a crash or kill -9.</summary>
    public void KillHard() => _process.KillHard();

    public void Dispose() => _process.Dispose();

    private async Task WaitHealthyAsync()
    {
        using var client = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"vgrid coordinator exited before serving; output:\n{_process.Output}");
            try
            {
                if ((await client.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"vgrid coordinator did not answer /healthz within 60 s; output:\n{_process.Output}");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
