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

    /// <summary>
    /// The checked URL, or null when the submission has none. Without <paramref name="toPrivateNetworks"/>
    /// a literal internal address or <c>localhost</c> is refused here already; names are checked
    /// again on every delivery, after DNS (<see cref="WebhookTargetGuard"/>).
    /// </summary>
    public static string? Validate(string? url, bool toPrivateNetworks)
    {
        if (string.IsNullOrWhiteSpace(url))
            return null;
        if (url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw GridException.BadRequest(
                $"webhook: '{Redact(url)}' is not an absolute http:// or https:// URL (at most {MaxUrlLength} characters, no user:password@); give the URL to POST the campaign's end notice to, or leave it out.");
        }
        if (!toPrivateNetworks)
        {
            var why = uri.IsLoopback ? "a loopback address"
                : uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && System.Net.IPAddress.TryParse(uri.DnsSafeHost, out var address)
                    ? WebhookTargetGuard.WhyInternal(address) : null;
            if (why is not null)
                throw GridException.BadRequest($"webhook: {uri.Host} is {why}; this coordinator only sends webhooks to public addresses. Give a URL the coordinator may reach on the internet, or ask its administrator to start it with --webhooks-to-private-networks.");
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
