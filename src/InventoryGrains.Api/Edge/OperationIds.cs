namespace InventoryGrains.Api.Edge;

/// <summary>The idempotency key a request carries, once the edge has accepted it for this request.</summary>
/// <param name="Key">The caller's <c>Idempotency-Key</c>.</param>
public sealed record IdempotencyFeature(string Key);

public static class OperationIds
{
    /// <summary>
    /// The operation id of a request's entry: the request's idempotency key and the entry's index
    /// (the tenant is implied by the item the entry names); null without a key.
    /// </summary>
    public static string? OperationIdOf(this HttpContext context, int entryIndex)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<IdempotencyFeature>() is { } idempotency
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{idempotency.Key}#{entryIndex}")
            : null;
    }
}
