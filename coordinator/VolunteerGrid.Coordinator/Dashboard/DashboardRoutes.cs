namespace VolunteerGrid.Coordinator.Dashboard;

/// <summary>The dashboard's routes: the page and its assets, and the JSON/SSE feeds it reads (same API key header as the CLI).</summary>
public static class DashboardRoutes
{
    private const string Prefix = Shared.Protocol.Grid.GridRoutes.Prefix + "/dashboard";

    /// <summary>The page itself.</summary>
    public const string Page = "/";

    /// <summary>Static assets (scripts, styles) shipped inside the coordinator assembly.</summary>
    public const string Asset = "/dashboard/{name}";

    /// <summary>GET <see cref="DashboardOverview"/>.</summary>
    public const string Overview = Prefix + "/overview";

    /// <summary>Server-Sent Events: an "overview" event with <see cref="DashboardOverview"/> whenever it changes.</summary>
    public const string Stream = Prefix + "/stream";

    /// <summary>GET <see cref="ThroughputSeries"/>: <c>?minutes=60&amp;buckets=60</c>.</summary>
    public const string Throughput = Prefix + "/throughput";

    /// <summary>GET the submit form of each campaign kind (<see cref="SubmitForm"/>).</summary>
    public const string Forms = Prefix + "/forms";

    /// <summary>GET products of campaigns the caller can see, to reuse as inputs by hash.</summary>
    public const string Products = Prefix + "/products";

    /// <summary>GET a PNG preview (asinh stretch) of a FITS image product; product names may hold folders (masters/bias.fits).</summary>
    public const string Preview = Shared.Protocol.Grid.GridRoutes.Prefix + "/campaigns/{id}/previews/{**name}";
}
