using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using VolunteerGrid.Coordinator.Api;
using VolunteerGrid.Coordinator.Campaigns;
using VolunteerGrid.Coordinator.Hosting;
using VolunteerGrid.Coordinator.Storage;
using VolunteerGrid.Shared.Protocol.Grid;

namespace VolunteerGrid.Coordinator.Notifications;

/// <summary>
/// A duty: POSTs the end notice of every ended campaign whose webhook is due, and records the
/// outcome (delivered; retry later with exponential backoff; or given up after
/// <see cref="WebhookPolicy.MaxAttempts"/>) with a line in the campaign's log. Delivery is
/// at-least-once: a crash between the POST and the commit repeats it, so the notice carries a
/// delivery id (the campaign id) in <see cref="DeliveryHeader"/> for receivers to drop repeats.
/// </summary>
public sealed class WebhookDispatcher(GridDatabase database, TimeProvider time, CoordinatorOptions options, ILogger<WebhookDispatcher> logger) : IDisposable
{
    public const string DeliveryHeader = "X-VGrid-Delivery";

    private const int Batch = 16;

    private readonly HttpClient _http = new(CreateHandler(options.WebhooksToPrivateNetworks)) { Timeout = WebhookPolicy.AttemptTimeout };

    private static SocketsHttpHandler CreateHandler(bool toPrivateNetworks)
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2) };
        if (!toPrivateNetworks)
        {
            // Through a proxy the guard would see only the proxy's address, so no proxy here.
            handler.UseProxy = false;
            handler.ConnectCallback = (context, ct) => WebhookTargetGuard.ConnectPublicAsync(context.DnsEndPoint, ct);
        }
        return handler;
    }

    /// <summary>Attempts every due notice once; returns how many were attempted.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var due = await database.ReadAsync(c => c.QueryAsync($"""
            SELECT w.campaign_id, w.url, w.attempts FROM campaign_webhooks w JOIN campaigns c ON c.id = w.campaign_id
            WHERE w.state = @pending AND w.next_attempt_at <= @now AND c.state IN (@completed, @failed, @cancelled)
            ORDER BY w.next_attempt_at LIMIT {Batch}
            """, r => (CampaignId: r.GetString(0), Url: r.GetString(1), Attempts: r.GetInt32(2)),
            ("@pending", WebhookDeliveryState.Pending), ("@now", now),
            ("@completed", CampaignState.Completed), ("@failed", CampaignState.Failed), ("@cancelled", CampaignState.Cancelled)), cancellationToken);
        // Receivers are independent: one slow receiver must not hold up the others' notices.
        await Task.WhenAll(due.Select(d => DeliverAsync(d.CampaignId, d.Url, d.Attempts + 1, cancellationToken)));
        return due.Count;
    }

    private async Task DeliverAsync(string campaignId, string url, int attempt, CancellationToken cancellationToken)
    {
        var notice = await ReadNoticeAsync(campaignId, cancellationToken);
        var error = await PostAsync(url, campaignId, notice, cancellationToken);
        var now = time.GetUtcNow();
        var target = WebhookRegistration.Redact(url);
        await database.WriteAsync(async tx =>
        {
            var at = now.ToUnixTimeMilliseconds();
            if (error is null)
            {
                await tx.ExecAsync("UPDATE campaign_webhooks SET state = @s, attempts = @a, delivered_at = @t, last_error = NULL WHERE campaign_id = @c",
                    ("@s", WebhookDeliveryState.Delivered), ("@a", attempt), ("@t", at), ("@c", campaignId));
                await GridEvents.WriteAsync(tx, campaignId, GridEvents.Info, $"webhook delivered to {target} (attempt {attempt})", at);
            }
            else if (attempt >= WebhookPolicy.MaxAttempts)
            {
                await tx.ExecAsync("UPDATE campaign_webhooks SET state = @s, attempts = @a, last_error = @e WHERE campaign_id = @c",
                    ("@s", WebhookDeliveryState.GaveUp), ("@a", attempt), ("@e", error), ("@c", campaignId));
                await GridEvents.WriteAsync(tx, campaignId, GridEvents.Error,
                    $"webhook to {target} failed {attempt} times; giving up (last error: {error})", at);
            }
            else
            {
                var delay = WebhookPolicy.DelayAfter(attempt);
                await tx.ExecAsync("UPDATE campaign_webhooks SET attempts = @a, last_error = @e, next_attempt_at = @n WHERE campaign_id = @c",
                    ("@a", attempt), ("@e", error), ("@n", (now + delay).ToUnixTimeMilliseconds()), ("@c", campaignId));
                await GridEvents.WriteAsync(tx, campaignId, GridEvents.Warning, string.Create(CultureInfo.InvariantCulture,
                    $"webhook to {target} failed (attempt {attempt} of {WebhookPolicy.MaxAttempts}: {error}); retrying in {delay.TotalSeconds:F0} s"), at);
            }
        }, cancellationToken);
    }

    private async Task<string?> PostAsync(string url, string campaignId, WebhookNotice notice, CancellationToken cancellationToken)
    {
        try
        {
            using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(notice, CoordinatorJsonContext.Default.WebhookNotice));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
            request.Headers.Add(DeliveryHeader, campaignId);
            using var response = await _http.SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (HttpRequestException e)
        {
            return e.HttpRequestError == HttpRequestError.Unknown ? e.Message : $"{e.HttpRequestError}: {e.Message}";
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no answer within {WebhookPolicy.AttemptTimeout.TotalSeconds:F0} s";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Webhook POST for campaign {CampaignId} failed", campaignId);
            return e.Message;
        }
    }

    private Task<WebhookNotice> ReadNoticeAsync(string campaignId, CancellationToken cancellationToken) =>
        database.ReadAsync(async c =>
        {
            var row = (await c.QueryAsync($"SELECT {CampaignRow.Columns} FROM campaigns WHERE id = @c", CampaignRow.Read, ("@c", campaignId)))[0];
            var products = await c.QueryAsync("SELECT name, sha256, size FROM products WHERE campaign_id = @c ORDER BY name",
                r => new ProductInfo(r.GetString(0), r.GetString(1), r.GetInt64(2)), ("@c", campaignId));
            return new WebhookNotice(row.Id, row.Kind, row.Name, row.State, products,
                row.FinishedAt is { } f ? DateTimeOffset.FromUnixTimeMilliseconds(f) : null, row.FailureReason);
        }, cancellationToken);

    public void Dispose() => _http.Dispose();
}
