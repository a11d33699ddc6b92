namespace InventoryGrains.LoadTest.Targets;

/// <summary>Where the load goes: the grain client of a cluster, or the HTTP front-end.</summary>
public interface ILoadTarget : IAsyncDisposable
{
    string Description { get; }

    /// <summary>The grain client, when the target has one; the mixed scenario needs it.</summary>
    IGrainFactory? Grains { get; }

    Task<IReadOnlyList<Outcome>> CreateAsync(IReadOnlyList<ItemSeed> items);

    Task<IReadOnlyList<Outcome>> SetQuantitiesAsync(IReadOnlyList<QuantitySet> sets);

    Task<IReadOnlyList<Outcome>> DecrementAsync(IReadOnlyList<string> itemIds);

    /// <summary>
    /// One quantity adjustment over its lines' items, all or nothing, under <paramref name="key"/> (its
    /// idempotency key): one outcome for the whole request.
    /// </summary>
    Task<Outcome> AdjustQuantitiesAsync(string key, string name, IReadOnlyList<QuantityAdjustment> lines);

    Task<IReadOnlyList<ItemSnapshot?>> ReadAsync(IReadOnlyList<string> itemIds);

    /// <summary>The tenant the load acts for.</summary>
    Task<string> TenantAsync();

    /// <summary>Where the tenant's change feed ends now; null when it has no change yet or the target cannot tell (a walk then starts at the feed's beginning).</summary>
    Task<string?> FeedEndAsync();

    /// <summary>The tenant's changes after <paramref name="position"/>; null when the service keeps no ledger.</summary>
    Task<FeedRead?> ReadFeedAsync(string? position, int limit);
}

/// <param name="Position">Where the next page starts.</param>
public sealed record FeedRead(IReadOnlyList<(string ItemId, long Revision)> Changes, string? Position);

public sealed record ItemSeed(string Id, int Quantity);

public sealed record QuantitySet(string Id, long ExpectedRevision, int Quantity);

/// <param name="ErrorCode">The contract's code (e.g. <c>REVISION_MISMATCH</c>) when it failed.</param>
/// <param name="Revision">The item's revision after a success, or its current one on a mismatch.</param>
public sealed record Outcome(bool Success, string? ErrorCode, long? Revision)
{
    /// <summary>With <c>--retry</c>: the unknown outcomes of the earlier attempts, before this one.</summary>
    public IReadOnlyList<string> UnknownBefore { get; init; } = [];

    /// <summary>
    /// Whether the change may have been applied although it was not acknowledged: the service said
    /// so, the call was lost, the whole request failed on the server (5xx), or its idempotency key's
    /// first request was still running (409).
    /// </summary>
    public bool Uncertain => ErrorCode is "UNAVAILABLE" or "TIMEOUT" or "TRANSPORT" or "HTTP_409"
        || ErrorCode?.StartsWith("HTTP_5", StringComparison.Ordinal) == true;
}

/// <param name="Incoming">The item's incoming quantity, when the target reads quantities by state.</param>
public sealed record ItemSnapshot(string Id, long Revision, int Quantity, int? Incoming = null);

/// <param name="ChangeFrom">What the caller believes the quantity holds; null skips the check.</param>
public sealed record QuantityAdjustment(string ItemId, int Delta, int? ChangeFrom);
