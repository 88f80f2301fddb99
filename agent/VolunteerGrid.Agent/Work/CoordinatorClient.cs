using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;
using VolunteerGrid.Shared.Protocol.Grid;

namespace VolunteerGrid.Agent.Work;

/// <summary>
/// The client side of the agent routes in <see cref="GridRoutes"/>. Every failure is one of two
/// exceptions: <see cref="CoordinatorUnavailableException"/> (retry later) or
/// <see cref="CoordinatorRejectedException"/> (the request itself is wrong). Given several
/// coordinator replicas, a request that finds its coordinator unreachable (no connection, no
/// answer in time, 5xx) is sent to the next one at once, and later requests stay there; only
/// when every replica failed does the caller see the failure and back off.
/// </summary>
internal sealed class CoordinatorClient
{
    private readonly HttpClient _http;
    private readonly Uri[] _coordinators;
    private int _current;

    /// <param name="http">Client with an infinite Timeout (see <see cref="RequestTimeout"/>).</param>
    /// <param name="coordinators">Replica base URLs in order of preference; <paramref name="http"/>'s BaseAddress when null.</param>
    public CoordinatorClient(HttpClient http, IReadOnlyList<Uri>? coordinators = null)
    {
        _http = http;
        _coordinators = coordinators is { Count: > 0 } ? [.. coordinators]
            : http.BaseAddress is { } single ? [single]
            : throw new ArgumentException("Give the coordinator URL(s) or an HttpClient with a BaseAddress.", nameof(coordinators));
    }

    /// <summary>
    /// Longest wait for an answer, and for each chunk of a transfer. Network timeouts run on the
    /// real clock on purpose: they bound sockets, not agent logic. Use an HttpClient with an
    /// infinite Timeout so that large transfers are bounded by progress, not by total time.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>The host token; sent as a bearer token once registered. Never logged.</summary>
    public string? Token { get; set; }

    /// <summary>The coordinator requests go to now (changes on failover).</summary>
    public Uri BaseAddress => _coordinators[Volatile.Read(ref _current)];

    /// <summary>Every replica, in order of preference.</summary>
    public IReadOnlyList<Uri> Coordinators => _coordinators;

    public Task<RegisterHostResponse> RegisterAsync(RegisterHostRequest request, CancellationToken ct) =>
        PostJsonAsync(GridRoutes.RegisterHost, request, GridJsonContext.Default.RegisterHostRequest, GridJsonContext.Default.RegisterHostResponse, ct);

    public Task<WorkResponse> RequestWorkAsync(WorkRequest request, CancellationToken ct) =>
        PostJsonAsync(GridRoutes.RequestWork, request, GridJsonContext.Default.WorkRequest, GridJsonContext.Default.WorkResponse, ct);

    public async Task<string> GetProjectCertificatePemAsync(CancellationToken ct)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, GridRoutes.ProjectCertificate), ct);
        return await response.Content.ReadAsStringAsync(ct);
    }

    /// <summary>
    /// Streams a file from <paramref name="offset"/> on (HTTP Range) into <paramref name="destination"/>,
    /// writing at most <paramref name="maxBytes"/> in total. Returns the offset the bytes were written
    /// from: <paramref name="offset"/> when the server honoured the range (206), 0 when it sent the
    /// whole file (200), in which case the caller's destination was truncated first.
    /// </summary>
    public async Task<long> DownloadAsync(string pathOrUrl, FileStream destination, long offset, long maxBytes, IProgress<long>? bytes, CancellationToken ct)
    {
        using var response = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, pathOrUrl);
            if (offset > 0)
                request.Headers.Range = new RangeHeaderValue(offset, null);
            return request;
        }, ct, HttpCompletionOption.ResponseHeadersRead);

        var start = response.StatusCode == HttpStatusCode.PartialContent ? offset : 0;
        destination.SetLength(start);
        destination.Position = start;
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            var buffer = new byte[64 * 1024];
            long written = start;
            int read;
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
            while (true)
            {
                // A server that stops sending mid-file must not hang the agent: bound each read.
                idle.CancelAfter(RequestTimeout);
                try
                {
                    read = await body.ReadAsync(buffer, idle.Token);
                }
                catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
                {
                    await destination.FlushAsync(ct);
                    throw new CoordinatorUnavailableException($"download of {pathOrUrl} stalled for {RequestTimeout.TotalSeconds:0} s", e);
                }
                if (read == 0)
                    break;
                if (written + read > maxBytes)
                    throw new InvalidDataException($"the server sent more than the {maxBytes} bytes the manifest declares for {pathOrUrl}");
                await destination.WriteAsync(buffer.AsMemory(0, read), ct);
                written += read;
                bytes?.Report(read);
            }
        }
        catch (HttpRequestException e)
        {
            // Connection dropped mid-body: what was written stays on disk for the next resume.
            await destination.FlushAsync(ct);
            throw new CoordinatorUnavailableException($"download of {pathOrUrl} was interrupted: {e.Message}", e);
        }
        catch (IOException e) when (e is not FileNotFoundException)
        {
            await destination.FlushAsync(ct);
            throw new CoordinatorUnavailableException($"download of {pathOrUrl} was interrupted: {e.Message}", e);
        }
        await destination.FlushAsync(ct);
        return start;
    }

    public async Task UploadOutputAsync(string resultId, string name, string path, string sha256, long size, CancellationToken ct)
    {
        var route = GridRoutes.Format(GridRoutes.ResultOutput, ("resultId", resultId), ("name", name))
            + "?sha256=" + sha256 + "&size=" + size.ToString(CultureInfo.InvariantCulture);
        using var response = await SendAsync(() =>
        {
            var content = new StreamContent(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Headers.ContentLength = size;
            return new HttpRequestMessage(HttpMethod.Put, route) { Content = content };
        }, ct);
    }

    public Task CompleteAsync(string resultId, ResultReport report, CancellationToken ct) =>
        PostAsync(GridRoutes.Format(GridRoutes.CompleteResult, ("resultId", resultId)), report, GridJsonContext.Default.ResultReport, ct);

    public Task FailAsync(string resultId, ResultFailure failure, CancellationToken ct) =>
        PostAsync(GridRoutes.Format(GridRoutes.FailResult, ("resultId", resultId)), failure, GridJsonContext.Default.ResultFailure, ct);

    public Task ReportProgressAsync(string resultId, double fraction, CancellationToken ct) =>
        PostAsync(GridRoutes.Format(GridRoutes.ResultProgress, ("resultId", resultId)), new ProgressReport(fraction), GridJsonContext.Default.ProgressReport, ct);

    private async Task PostAsync<TRequest>(string route, TRequest body, JsonTypeInfo<TRequest> requestType, CancellationToken ct)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, route) { Content = JsonContent.Create(body, requestType) }, ct);
    }

    private async Task<TResponse> PostJsonAsync<TRequest, TResponse>(string route, TRequest body, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken ct)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, route) { Content = JsonContent.Create(body, requestType) }, ct);
        try
        {
            return await response.Content.ReadFromJsonAsync(responseType, ct)
                ?? throw new CoordinatorUnavailableException($"{route} answered an empty body");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new CoordinatorUnavailableException($"{route} answered JSON the agent cannot read ({e.Message}); is --coordinator the right URL?", e);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> create, CancellationToken ct, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        for (var tried = 1; ; tried++)
        {
            var index = Volatile.Read(ref _current);
            using var request = create();
            var toCoordinator = request.RequestUri is null || !request.RequestUri.IsAbsoluteUri;
            if (toCoordinator)
                request.RequestUri = new Uri(_coordinators[index], request.RequestUri!);
            try
            {
                return await SendOnceAsync(request, toCoordinator, ct, completion);
            }
            catch (CoordinatorUnavailableException e) when (toCoordinator && _coordinators.Length > 1)
            {
                // Move on from this replica unless another request already did.
                Interlocked.CompareExchange(ref _current, (index + 1) % _coordinators.Length, index);
                if (tried >= _coordinators.Length)
                    throw new CoordinatorUnavailableException($"all {_coordinators.Length} coordinators are unreachable; last: {e.Message}", e);
            }
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, bool toCoordinator, CancellationToken ct, HttpCompletionOption completion)
    {
        var coordinator = toCoordinator ? new Uri(request.RequestUri!.GetLeftPart(UriPartial.Authority)) : null;
        // The token is for the coordinator only, never for a mirror named by an input's URL.
        if (Token is not null && (toCoordinator || IsCoordinator(request.RequestUri)))
            request.Headers.Authorization = new AuthenticationHeaderValue(GridRoutes.HostTokenScheme, Token);
        HttpResponseMessage response;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(RequestTimeout + UploadAllowance(request));
        try
        {
            response = await _http.SendAsync(request, completion, timeout.Token);
        }
        catch (HttpRequestException e)
        {
            throw new CoordinatorUnavailableException($"coordinator {coordinator ?? request.RequestUri} is unreachable: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new CoordinatorUnavailableException($"coordinator {coordinator ?? request.RequestUri} did not answer {request.RequestUri} in time", e);
        }

        if (response.IsSuccessStatusCode)
            return response;
        using (response)
        {
            var detail = await ReadProblemAsync(response, ct);
            var what = $"{request.Method} {request.RequestUri} answered {(int)response.StatusCode} {response.ReasonPhrase}{detail}";
            if ((int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
                throw new CoordinatorUnavailableException(what);
            throw new CoordinatorRejectedException(response.StatusCode, what);
        }
    }

    private bool IsCoordinator(Uri? uri) =>
        uri is null || !uri.IsAbsoluteUri ||
        _coordinators.Any(b => Uri.Compare(uri, b, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0);

    /// <summary>Uploads get extra time at a pessimistic 64 KB/s, on top of <see cref="RequestTimeout"/>.</summary>
    private static TimeSpan UploadAllowance(HttpRequestMessage request) =>
        request.Content?.Headers.ContentLength is { } length && request.Method == HttpMethod.Put
            ? TimeSpan.FromSeconds(length / (64.0 * 1024))
            : TimeSpan.Zero;

    private static async Task<string> ReadProblemAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            text = text.ReplaceLineEndings(" ").Trim();
            return text.Length == 0 ? "" : ": " + (text.Length > 300 ? text[..300] + "…" : text);
        }
        catch (HttpRequestException)
        {
            return "";
        }
    }
}
