using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace VolunteerGrid.Tests.FrontDoor;

/// <summary>
/// A real HTTP listener on 127.0.0.1 that records every request and answers with the next scripted
/// status (the last one repeats), so tests see exactly what a webhook receiver would.
/// </summary>
internal sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Queue<HttpStatusCode> _script;
    private readonly HttpStatusCode _last;
    private readonly Task _loop;

    public WebhookReceiver(params HttpStatusCode[] script)
    {
        _script = new Queue<HttpStatusCode>(script);
        _last = script.Length > 0 ? script[^1] : HttpStatusCode.OK;
        Url = $"http://127.0.0.1:{FreePort()}/hooks/grid?token=secret-123";
        _listener.Prefixes.Add(Url[..(Url.IndexOf("hooks", StringComparison.Ordinal))]);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string Url { get; }

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            Requests.Enqueue(new ReceivedRequest(context.Request.HttpMethod, context.Request.Url!.PathAndQuery, context.Request.ContentType,
                context.Request.Headers["X-VGrid-Delivery"], body));
            HttpStatusCode status;
            lock (_script)
                status = _script.Count > 0 ? _script.Dequeue() : _last;
            context.Response.StatusCode = (int)status;
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }

    public sealed record ReceivedRequest(string Method, string PathAndQuery, string? ContentType, string? DeliveryId, string Body);
}
