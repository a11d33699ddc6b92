namespace InventoryGrains.Api.Edge;

/// <summary>
/// A route that takes only the query parameters it names: any other is a 400 that names it, so a
/// misspelt or unsupported parameter (<c>/v1/changes?since=…</c>) is never silently ignored.
/// </summary>
public sealed class KnownQueryParameters(IReadOnlyCollection<string> names) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var unknown = context.HttpContext.Request.Query.Keys.Where(key => !names.Contains(key, StringComparer.Ordinal)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count == 0)
        {
            return next(context);
        }

        var accepted = names.Count == 0 ? "it takes none" : $"it takes {string.Join(", ", names)}";
        return ValueTask.FromResult<object?>(DialectCatalog.For(context.HttpContext).ErrorResult(DialectError.BadRequest(
            $"Unknown query parameter{(unknown.Count == 1 ? "" : "s")} {string.Join(", ", unknown)}: {accepted}.") with { Field = unknown[0] }));
    }
}

public static class KnownQueryParametersExtensions
{
    /// <summary>The route takes these query parameters and no others.</summary>
    public static RouteHandlerBuilder AcceptsQuery(this RouteHandlerBuilder builder, params string[] names) =>
        builder.AddEndpointFilter(new KnownQueryParameters(names));
}
