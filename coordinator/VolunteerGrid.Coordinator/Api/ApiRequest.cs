using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Features;
using VolunteerGrid.Coordinator.Security;
using VolunteerGrid.Shared.Protocol.Grid;

namespace VolunteerGrid.Coordinator.Api;

/// <summary>Authentication and body parsing shared by the endpoints.</summary>
internal static class ApiRequest
{
    /// <summary>JSON control messages are small; anything larger is a mistake or an attack.</summary>
    private const long MaxJsonBytes = 4 << 20;

    public static async Task<Caller> CallerAsync(this HttpContext context)
    {
        var key = context.Request.Headers[GridRoutes.ApiKeyHeader].ToString();
        if (string.IsNullOrEmpty(key))
            throw GridException.Unauthorized($"Send your API key in the {GridRoutes.ApiKeyHeader} header (the admin key is in DATA/admin.key).");
        return await context.RequestServices.GetRequiredService<ApiKeyStore>().AuthenticateAsync(key, context.RequestAborted)
            ?? throw GridException.Unauthorized($"The {GridRoutes.ApiKeyHeader} header does not hold a known API key.");
    }

    /// <summary>Query parameter <paramref name="name"/> as a whole number in [min, max]; <paramref name="fallback"/> when absent.</summary>
    public static int IntQuery(this HttpContext context, string name, int fallback, int min, int max)
    {
        var text = context.Request.Query[name].ToString();
        if (text.Length == 0)
            return fallback;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw GridException.BadRequest($"{name}: '{text}' is not a whole number from {min} to {max}.");
    }

    public static async Task<Caller> AdminAsync(this HttpContext context)
    {
        var caller = await context.CallerAsync();
        return caller.IsAdmin ? caller : throw GridException.Forbidden("This route is for admins.");
    }

    public static async Task<HostIdentity> HostAsync(this HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var prefix = GridRoutes.HostTokenScheme + " ";
        if (!header.StartsWith(prefix, StringComparison.Ordinal))
            throw GridException.Unauthorized($"Send the host token as 'Authorization: {GridRoutes.HostTokenScheme} <token>' (register at {GridRoutes.RegisterHost}).");
        return await context.RequestServices.GetRequiredService<HostRegistry>().AuthenticateAsync(header[prefix.Length..].Trim(), context.RequestAborted)
            ?? throw GridException.Unauthorized("The host token is not known; register the host again.");
    }

    /// <summary>Either an agent or a scientist (file downloads).</summary>
    public static async Task AnyPrincipalAsync(this HttpContext context)
    {
        if (context.Request.Headers.Authorization.Count > 0)
            await context.HostAsync();
        else
            await context.CallerAsync();
    }

    public static async Task<T> ReadJsonAsync<T>(this HttpContext context, JsonTypeInfo<T> typeInfo)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = MaxJsonBytes;
        var value = await JsonSerializer.DeserializeAsync(context.Request.Body, typeInfo, context.RequestAborted);
        return value ?? throw GridException.BadRequest("The request body is JSON null; send an object.");
    }

    /// <summary>Lets an upload route take bodies up to the coordinator's upload limit (Kestrel's default is 30 MB).</summary>
    public static void AllowUpload(this HttpContext context, long maxBytes)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = maxBytes + 1;
    }
}
