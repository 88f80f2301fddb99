using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using VolunteerGrid.Shared.Protocol.Grid;

namespace VolunteerGrid.Cli.Commands.Client;

/// <summary>
/// A small typed client of the coordinator's scientist/admin API (<see cref="GridRoutes"/>). Every
/// failure becomes a <see cref="CliException"/> with one line that says what went wrong and how to
/// fix it: unreachable coordinator, rejected key, unknown id, or the ProblemDetails detail of a 4xx.
/// </summary>
public sealed class CoordinatorClient : IDisposable
{
    private readonly HttpClient _http;

    /// <param name="baseUrl">The coordinator, e.g. http://127.0.0.1:5080.</param>
    /// <param name="apiKey">Sent as X-Api-Key; null only for routes that need none.</param>
    /// <param name="handler">Tests inject a TestServer handler here; null uses sockets.</param>
    public CoordinatorClient(Uri baseUrl, string? apiKey, HttpMessageHandler? handler = null)
    {
        BaseUrl = baseUrl;
        _http = handler is null ? new HttpClient(new SocketsHttpHandler { ConnectTimeout = ConnectTimeout }) : new HttpClient(handler, disposeHandler: false);
        _http.BaseAddress = baseUrl;
        // Uploads and downloads of large images may take minutes, so there is no overall timeout;
        // a coordinator that does not accept the connection is caught by ConnectTimeout, and one
        // that accepts but never answers a small request by AnswerTimeout.
        _http.Timeout = Timeout.InfiniteTimeSpan;
        if (!string.IsNullOrEmpty(apiKey))
            _http.DefaultRequestHeaders.Add(GridRoutes.ApiKeyHeader, apiKey);
    }

    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);

    /// <summary>The slowest link an upload is given time for: 64 KB/s, as the agent assumes.</summary>
    private const double SlowestBytesPerSecond = 64 * 1024;

    /// <summary>How long a request may wait for the coordinator's answer, beyond the time its upload needs.</summary>
    public TimeSpan AnswerTimeout { get; init; } = TimeSpan.FromSeconds(100);

    public Uri BaseUrl { get; }

    public async Task<StoredFile> UploadAsync(string path, CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        using var content = new StreamContent(stream, 1 << 16);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.ContentLength = stream.Length;
        using var request = new HttpRequestMessage(HttpMethod.Post, GridRoutes.Files) { Content = content };
        return await SendJsonAsync(request, GridJsonContext.Default.StoredFile, $"upload of {path}", ct);
    }

    public async Task<CampaignSummary> SubmitAsync(SubmitCampaignRequest submit, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, GridRoutes.Campaigns)
        {
            Content = JsonContent(submit, GridJsonContext.Default.SubmitCampaignRequest),
        };
        return await SendJsonAsync(request, GridJsonContext.Default.CampaignSummary, $"submit {submit.Kind}", ct);
    }

    public Task<IReadOnlyList<CampaignSummary>> ListAsync(CancellationToken ct) =>
        GetJsonAsync(GridRoutes.Campaigns, GridJsonContext.Default.IReadOnlyListCampaignSummary, "list campaigns", ct);

    public Task<CampaignSummary> GetAsync(string id, CancellationToken ct) =>
        GetJsonAsync(Route(GridRoutes.Campaign, id), GridJsonContext.Default.CampaignSummary, $"campaign {id}", ct);

    public async Task<CampaignSummary> CancelAsync(string id, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Route(GridRoutes.CancelCampaign, id));
        return await SendJsonAsync(request, GridJsonContext.Default.CampaignSummary, $"cancel {id}", ct);
    }

    public Task<IReadOnlyList<ProductInfo>> ProductsAsync(string id, CancellationToken ct) =>
        GetJsonAsync(Route(GridRoutes.CampaignProducts, id), GridJsonContext.Default.IReadOnlyListProductInfo, $"products of {id}", ct);

    public async Task<string> ProvenanceAsync(string id, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Route(GridRoutes.CampaignProvenance, id));
        using var response = await SendAsync(request, $"provenance of {id}", ct);
        return await response.Content.ReadAsStringAsync(ct);
    }

    /// <summary>The campaign's events; with <paramref name="tail"/> &gt; 0 only the latest that many.</summary>
    public async Task<IReadOnlyList<string>> LogsAsync(string id, CancellationToken ct, int tail = 0)
    {
        var route = Route(GridRoutes.CampaignLogs, id) + (tail > 0 ? string.Create(CultureInfo.InvariantCulture, $"?tail={tail}") : "");
        using var request = new HttpRequestMessage(HttpMethod.Get, route);
        using var response = await SendAsync(request, $"logs of {id}", ct);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        return await JsonSerializer.DeserializeAsync<string[]>(body, JsonSerializerOptions.Web, ct) ?? [];
    }

    /// <summary>Streams one product to <paramref name="path"/> (via a temporary file, so a failed download leaves nothing half-written).</summary>
    public async Task DownloadProductAsync(string id, string name, string path, CancellationToken ct)
    {
        var what = $"product {name} of {id}";
        using var request = new HttpRequestMessage(HttpMethod.Get, GridRoutes.Format(GridRoutes.CampaignProduct, ("id", id), ("name", name)));
        using var response = await SendAsync(request, what, ct, HttpCompletionOption.ResponseHeadersRead);
        var partial = path + ".partial";
        try
        {
            await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await using var body = await response.Content.ReadAsStreamAsync(ct);
                var buffer = new byte[1 << 16];
                // A product may take minutes to arrive; what is bounded is a stall between reads
                // (CancelAfter restarts the countdown before each read).
                using var stall = CancellationTokenSource.CreateLinkedTokenSource(ct);
                while (true)
                {
                    stall.CancelAfter(AnswerTimeout);
                    int read;
                    try
                    {
                        read = await body.ReadAsync(buffer, stall.Token);
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        throw new CliException(string.Create(CultureInfo.InvariantCulture,
                            $"{what}: the download from {BaseUrl} stalled for {AnswerTimeout.TotalSeconds:0.#} s; nothing was written to {path}"), ExitCodes.Unavailable);
                    }
                    if (read == 0)
                        break;
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
            }
        }
        catch
        {
            TryDelete(partial);
            throw;
        }
        File.Move(partial, path, overwrite: true);
    }

    public Task<IReadOnlyList<HostSummary>> HostsAsync(CancellationToken ct) =>
        GetJsonAsync(GridRoutes.Hosts, GridJsonContext.Default.IReadOnlyListHostSummary, "list hosts", ct);

    public async Task<CreateApiKeyResponse> CreateKeyAsync(CreateApiKeyRequest create, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, GridRoutes.ApiKeys)
        {
            Content = JsonContent(create, GridJsonContext.Default.CreateApiKeyRequest),
        };
        return await SendJsonAsync(request, GridJsonContext.Default.CreateApiKeyResponse, "create key", ct);
    }

    public void Dispose() => _http.Dispose();

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The download's own error is the one to report.
        }
    }

    private static TimeSpan UploadAllowance(HttpContent? content) =>
        content?.Headers.ContentLength is long bytes && bytes > 0 ? TimeSpan.FromSeconds(bytes / SlowestBytesPerSecond) : TimeSpan.Zero;

    private static string Route(string template, string id) => GridRoutes.Format(template, ("id", id));

    private static ByteArrayContent JsonContent<T>(T value, JsonTypeInfo<T> info)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, info));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private async Task<T> GetJsonAsync<T>(string route, JsonTypeInfo<T> info, string what, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, route);
        return await SendJsonAsync(request, info, what, ct);
    }

    private async Task<T> SendJsonAsync<T>(HttpRequestMessage request, JsonTypeInfo<T> info, string what, CancellationToken ct)
    {
        using var response = await SendAsync(request, what, ct);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        try
        {
            return await JsonSerializer.DeserializeAsync(body, info, ct)
                ?? throw new CliException($"{what}: the coordinator at {BaseUrl} answered JSON null", ExitCodes.Unavailable);
        }
        catch (JsonException e)
        {
            throw new CliException($"{what}: the coordinator at {BaseUrl} answered something that is not the expected JSON ({e.Message}); is --coordinator pointing at a VolunteerGrid coordinator?", ExitCodes.Unavailable);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string what, CancellationToken ct,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        HttpResponseMessage response;
        // An upload gets its transfer time on top, at a pessimistic rate; a streamed download is
        // bounded here up to its headers, and then per read (DownloadProductAsync).
        var wait = AnswerTimeout + UploadAllowance(request.Content);
        using var answer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        answer.CancelAfter(wait);
        try
        {
            response = await _http.SendAsync(request, completion, answer.Token);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            // SocketsHttpHandler reports its ConnectTimeout as a cancellation whose inner exception is a TimeoutException.
            throw new CliException(e.InnerException is TimeoutException
                ? $"{what}: the coordinator at {BaseUrl} did not accept a connection within {ConnectTimeout.TotalSeconds:0} s"
                : string.Create(CultureInfo.InvariantCulture, $"{what}: the coordinator at {BaseUrl} did not answer within {wait.TotalSeconds:0.#} s"), ExitCodes.Unavailable);
        }
        catch (HttpRequestException e)
        {
            throw new CliException(
                $"coordinator at {BaseUrl} is unreachable ({e.Message}); start one with 'vgrid coordinator --data DIR' or point --coordinator / VGRID_COORDINATOR at it",
                ExitCodes.Unavailable);
        }
        if (response.IsSuccessStatusCode)
            return response;
        using (response)
        {
            var detail = await ProblemText.ReadDetailAsync(response, ct);
            throw response.StatusCode switch
            {
                HttpStatusCode.Unauthorized => new CliException($"{what}: API key rejected (401): {detail} Pass --api-key or set VGRID_API_KEY.", ExitCodes.Failure),
                HttpStatusCode.Forbidden => new CliException($"{what}: not allowed (403): {detail} Use an admin key (DATA/admin.key or 'vgrid keys create --role admin').", ExitCodes.Failure),
                HttpStatusCode.NotFound => new CliException($"{what}: not found (404): {detail}", ExitCodes.Failure),
                HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity or HttpStatusCode.RequestEntityTooLarge
                    => new CliException($"{what}: rejected ({(int)response.StatusCode}): {detail}", ExitCodes.Usage),
                _ => new CliException($"{what}: the coordinator at {BaseUrl} answered {(int)response.StatusCode} {response.ReasonPhrase}: {detail}", ExitCodes.Unavailable),
            };
        }
    }
}
