namespace InventoryGrains.Api.Http;

/// <summary>The API dialects the front-end speaks; each has its own routes and error shape.</summary>
public enum Dialect
{
    /// <summary>Routes outside every dialect (health, OpenAPI, tenant): RFC 7807 problem details.</summary>
    None,
    Wix,
    Stoq,
    Crux,
    Bspk,
}

public static class DialectRoutes
{
    public const string WixPrefix = "/stores";
    public const string StoqPrefix = "/api/v1/external";
    public const string CruxPrefix = "/timp";
    public const string BspkPrefix = "/api/platform";

    public static Dialect FromPath(PathString path)
    {
        if (path.StartsWithSegments(WixPrefix, StringComparison.OrdinalIgnoreCase)) return Dialect.Wix;
        if (path.StartsWithSegments(StoqPrefix, StringComparison.OrdinalIgnoreCase)) return Dialect.Stoq;
        if (path.StartsWithSegments(CruxPrefix, StringComparison.OrdinalIgnoreCase)) return Dialect.Crux;
        if (path.StartsWithSegments(BspkPrefix, StringComparison.OrdinalIgnoreCase)) return Dialect.Bspk;
        return Dialect.None;
    }
}
