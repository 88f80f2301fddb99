using System.Data.Common;
using VolunteerGrid.Coordinator.Storage;

namespace VolunteerGrid.Coordinator.Notifications;

/// <summary>
/// Records a campaign's webhook in the submission's transaction. The row itself is the durable
/// outbox: it stays Pending until the campaign ends and the notice is delivered (or given up on),
/// so a coordinator restart loses nothing.
/// </summary>
internal static class WebhookRegistration
{
    private const int MaxUrlLength = 2000;

    /// <summary>The checked URL, or null when the submission has none.</summary>
    public static string? Validate(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
            return null;
        if (url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw GridException.BadRequest(
                $"webhook: '{Redact(url)}' is not an absolute http:// or https:// URL (at most {MaxUrlLength} characters, no user:password@); give the URL to POST the campaign's end notice to, or leave it out.");
        }
        return uri.AbsoluteUri;
    }

    public static Task InsertAsync(DbTransaction tx, string campaignId, string url, long now) =>
        tx.ExecAsync("INSERT INTO campaign_webhooks (campaign_id, url, state, attempts, next_attempt_at) VALUES (@c, @u, @s, 0, @t)",
            ("@c", campaignId), ("@u", url), ("@s", WebhookDeliveryState.Pending), ("@t", now));

    /// <summary>The URL without query or fragment: those often carry a receiver's secret token, and campaign logs may be public.</summary>
    public static string Redact(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Path) : url.Length > 60 ? url[..60] + "…" : url;
}
