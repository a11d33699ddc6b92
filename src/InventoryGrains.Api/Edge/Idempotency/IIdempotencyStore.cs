namespace InventoryGrains.Api.Edge.Idempotency;

/// <summary>
/// Requests with an <c>Idempotency-Key</c>, per tenant: which one holds a key, and the answer it
/// got. A key is held while its first request runs (a lease, in case that process dies) and for
/// the retention after it answered.
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>Claims the key for a request with <paramref name="fingerprint"/>, or says why not.</summary>
    Task<IdempotencyClaim> ClaimAsync(string tenant, string key, byte[] fingerprint, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the answer of the request that holds the key. <paramref name="final"/>: false when some
    /// outcome was unknown, so that a repeat runs the request again instead of replaying it.
    /// </summary>
    Task CompleteAsync(string tenant, string key, StoredResponse response, bool final, CancellationToken cancellationToken);

    /// <summary>Gives the key up without an answer (the request failed before it had one).</summary>
    Task ReleaseAsync(string tenant, string key, CancellationToken cancellationToken);
}

public enum IdempotencyClaimKind
{
    /// <summary>The key is this request's: run it (for the first time, or again after unknown outcomes).</summary>
    Run,

    /// <summary>The key's request answered for good: replay that answer.</summary>
    Replay,

    /// <summary>The key belongs to a different request (method, path or body).</summary>
    Reused,

    /// <summary>The key's first request is still running.</summary>
    InUse,
}

/// <param name="Repeat">For <see cref="IdempotencyClaimKind.Run"/>: the key was used before (its answer had unknown outcomes, or its request died).</param>
/// <param name="Response">For <see cref="IdempotencyClaimKind.Replay"/>: the answer to replay.</param>
public sealed record IdempotencyClaim(IdempotencyClaimKind Kind, bool Repeat = false, StoredResponse? Response = null);

/// <summary>An answer as sent: status, content type and body.</summary>
public sealed record StoredResponse(int Status, string? ContentType, byte[] Body);
