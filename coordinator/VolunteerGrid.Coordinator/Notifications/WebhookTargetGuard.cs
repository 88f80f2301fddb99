using System.Net;
using System.Net.Sockets;

namespace VolunteerGrid.Coordinator.Notifications;

/// <summary>
/// Keeps webhooks off the coordinator's own network (server-side request forgery): a scientist's
/// URL must not make the coordinator POST to its loopback, a private LAN, link-local cloud metadata
/// (169.254.169.254) and the like. The check runs on the address actually connected to, after DNS,
/// so a name that resolves (or is re-pointed, "DNS rebinding") to an internal address is refused
/// too. Ranges: RFC 1918, RFC 6598 (shared 100.64/10), RFC 3927 and RFC 4291 link-local, RFC 4193
/// unique-local, loopback, unspecified, multicast, and IPv4 mapped into IPv6.
/// </summary>
public static class WebhookTargetGuard
{
    /// <summary>Why the coordinator may not connect to this address, or null when it is public.</summary>
    public static string? WhyInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address))
            return "a loopback address";
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
            return "the unspecified address";
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                10 => "a private (RFC 1918) address",
                172 when b[1] >= 16 && b[1] <= 31 => "a private (RFC 1918) address",
                192 when b[1] == 168 => "a private (RFC 1918) address",
                100 when b[1] >= 64 && b[1] <= 127 => "a shared carrier-grade NAT (RFC 6598) address",
                169 when b[1] == 254 => "a link-local address (cloud metadata services live there)",
                0 => "a 'this network' address",
                >= 224 => "a multicast or reserved address",
                _ => null,
            };
        }
        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal)
            return "a link-local address";
        if (address.IsIPv6UniqueLocal)
            return "a unique-local (private) IPv6 address";
        if (address.IsIPv6Multicast)
            return "a multicast address";
        return null;
    }

    /// <summary>
    /// Resolves <paramref name="endpoint"/>'s host and connects to its first public address; refuses, naming
    /// the address, when the name resolves to an internal one.
    /// </summary>
    public static async ValueTask<Stream> ConnectPublicAsync(DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(endpoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken);
        foreach (var address in addresses)
        {
            // Any internal answer refuses the name: a rebinding name may list a public address first.
            if (WhyInternal(address) is { } why)
                throw new HttpRequestException(Refusal(endpoint.Host, address, why));
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, endpoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The refusal text for an internal target (logged in the campaign's log).</summary>
    public static string Refusal(string host, IPAddress address, string why) =>
        $"refused: {host} is {address}, {why}; webhooks may only reach public addresses (an administrator can allow internal ones with 'vgrid coordinator --webhooks-to-private-networks')";
}
