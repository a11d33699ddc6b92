namespace InventoryGrains.Api.Edge;

/// <summary>The API dialects the front-end speaks; each has its own routes and error shape.</summary>
public enum Dialect
{
    /// <summary>The service's own routes (health, OpenAPI, tenant, <c>/v1</c>): RFC 9457 problem details.</summary>
    None,
    Wix,
    Stoq,
    Crux,
    Bspk,
}

/// <summary>Endpoint metadata naming the dialect of a route: its errors, 401s and rate limit follow it.</summary>
public sealed record DialectMetadata(Dialect Dialect);

public static class DialectRoutes
{
    public const string WixPrefix = "/stores";
    public const string StoqPrefix = "/api/v1/external";
    public const string CruxPrefix = "/timp";
    public const string BspkPrefix = "/api/platform";

    /// <summary>
    /// A group of routes of one dialect under <paramref name="prefix"/>: every route in it carries
    /// the dialect as metadata, and the OpenAPI document lists it under the dialect's tag with the
    /// dialect's error responses.
    /// </summary>
    public static RouteGroupBuilder MapDialectGroup(this IEndpointRouteBuilder endpoints, Dialect dialect, string prefix) =>
        endpoints.MapGroup(prefix)
            .WithMetadata(new DialectMetadata(dialect))
            .WithTags(TagOf(dialect));

    /// <summary>The tag the API reference lists a dialect's routes under; the service's own routes are <c>Service</c>.</summary>
    public static string TagOf(Dialect dialect) => dialect switch
    {
        Dialect.None => "Service",
        Dialect.Bspk => "BSPK",
        _ => dialect.ToString(),
    };

    /// <summary>
    /// The dialect of a request: its route's metadata, or, for a path no route matches, the
    /// dialect whose prefix it is under (so that an unknown route still answers in its shape).
    /// </summary>
    public static Dialect Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetEndpoint()?.Metadata.GetMetadata<DialectMetadata>()?.Dialect ?? FromPrefix(context.Request.Path);
    }

    /// <summary>How the dialect is recorded with each change it makes (<c>wix</c>, <c>crux</c>, …).</summary>
    public static string ChangeName(this Dialect dialect) => dialect.ToString().ToLowerInvariant();

    private static Dialect FromPrefix(PathString path)
    {
        if (path.StartsWithSegments(WixPrefix, StringComparison.OrdinalIgnoreCase)) return Dialect.Wix;
        if (path.StartsWithSegments(StoqPrefix, StringComparison.OrdinalIgnoreCase)) return Dialect.Stoq;
        if (path.StartsWithSegments(CruxPrefix, StringComparison.OrdinalIgnoreCase)) return Dialect.Crux;
        if (path.StartsWithSegments(BspkPrefix, StringComparison.OrdinalIgnoreCase)) return Dialect.Bspk;
        return Dialect.None;
    }
}
