using InventoryGrains.Domain.Operations;

namespace InventoryGrains.Api.Edge.Idempotency;

/// <summary>
/// The idempotency key of the request being processed, once the edge has accepted it, and what the
/// processing found out: whether some entry's outcome is unknown (then a repeat runs again).
/// </summary>
public sealed class IdempotencyFeature(string key)
{
    public string Key { get; } = key;

    /// <summary>Some entry answered <c>UNAVAILABLE</c>: it may or may not have been applied.</summary>
    public bool HasUnknownOutcome { get; private set; }

    public void MarkUnknownOutcome() => HasUnknownOutcome = true;
}

/// <summary>The operations of the request being processed, and what became of them.</summary>
public static class RequestOperations
{
    /// <summary>
    /// The operation id of a request's entry: the request's idempotency key and the entry's index
    /// (the tenant is implied by the item the entry names); null without a key.
    /// </summary>
    public static string? OperationIdOf(this HttpContext context, int entryIndex)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<IdempotencyFeature>() is { } idempotency
            ? OperationIds.OfEntry(idempotency.Key, entryIndex)
            : null;
    }

    /// <summary>Notes, for a request with a key, that some entry's outcome is unknown.</summary>
    public static void NoteUnknownOutcome(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Features.Get<IdempotencyFeature>()?.MarkUnknownOutcome();
    }
}
