namespace InventoryGrains.Api.Edge;

/// <summary>
/// The dialects the front-end speaks: which one a request addresses (its route's metadata, or, for
/// a path no route matches, the dialect whose prefix it is under, so that an unknown route still
/// answers in its shape), and the service's own for everything else.
/// </summary>
public sealed class DialectCatalog
{
    public DialectCatalog(IEnumerable<IDialect> dialects)
    {
        All = [ProblemDetailsDialect.Instance, .. dialects];
        var names = All.GroupBy(dialect => dialect.Name, StringComparer.OrdinalIgnoreCase).Where(group => group.Count() > 1).Select(group => group.Key).ToList();
        if (names.Count > 0)
        {
            throw new InvalidOperationException($"Two dialects are named {string.Join(", ", names)}.");
        }
    }

    /// <summary>Every dialect, the service's own first.</summary>
    public IReadOnlyList<IDialect> All { get; }

    public IDialect Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.GetEndpoint()?.Metadata.GetMetadata<DialectMetadata>() is { } metadata)
        {
            return metadata.Dialect;
        }

        foreach (var dialect in All)
        {
            if (dialect.Prefix.Length > 0 && context.Request.Path.StartsWithSegments(dialect.Prefix, StringComparison.OrdinalIgnoreCase))
            {
                return dialect;
            }
        }

        return ProblemDetailsDialect.Instance;
    }

    /// <summary>The dialect a request addresses.</summary>
    public static IDialect For(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.RequestServices.GetService<DialectCatalog>()?.Of(context) ?? ProblemDetailsDialect.Instance;
    }
}

/// <summary>Endpoint metadata naming the dialect of a route: its errors, 401s and rate limit follow it.</summary>
public sealed record DialectMetadata(IDialect Dialect);

public static class DialectRegistration
{
    /// <summary>Registers the dialects the front-end speaks (besides the service's own routes).</summary>
    public static IServiceCollection AddDialects(this IServiceCollection services, params IDialect[] dialects)
    {
        foreach (var dialect in dialects)
        {
            services.AddSingleton(dialect);
        }

        services.AddSingleton<DialectCatalog>();
        return services;
    }

    /// <summary>
    /// A group of the dialect's routes under its prefix and <paramref name="path"/>: every route in
    /// it carries the dialect as metadata, and the API reference lists it under the dialect's tag
    /// with the dialect's error responses.
    /// </summary>
    public static RouteGroupBuilder MapDialectGroup(this IEndpointRouteBuilder endpoints, IDialect dialect, string path = "")
    {
        ArgumentNullException.ThrowIfNull(dialect);
        return endpoints.MapGroup(dialect.Prefix + path)
            .WithMetadata(new DialectMetadata(dialect))
            .WithTags(dialect.Tag);
    }
}
