using Orleans.Concurrency;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Abstractions.Inventory.Changes;

/// <summary>
/// Reads the ledger of the item store: one item's changes, and a tenant's changes of every item in
/// the order they were stored. Stateless: any activation on any silo answers.
/// </summary>
public interface IInventoryChangeGrain : IGrainWithIntegerKey
{
    /// <summary>The item's changes after <paramref name="afterRevision"/>, oldest first, at most <paramref name="limit"/>.</summary>
    /// <exception cref="NotSupportedException">The configured item storage keeps no ledger.</exception>
    [ReadOnly]
    Task<IReadOnlyList<ChangeLogEntry>> ReadItemChangesAsync(string tenant, string itemId, long afterRevision, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// The tenant's changes after <paramref name="position"/> (null: from the start), at most
    /// <paramref name="limit"/>. A walk that follows <see cref="FeedPage.Position"/> meets every stored
    /// change exactly once, each item's in revision order, also those whose commit came late.
    /// </summary>
    /// <exception cref="NotSupportedException">The configured item storage keeps no ledger.</exception>
    /// <exception cref="ArgumentException">The position is not one this store gave.</exception>
    [ReadOnly]
    Task<FeedPage> ReadFeedAsync(string tenant, string? position, int limit, CancellationToken cancellationToken = default);

    /// <summary>Where the tenant's feed ends now (null: it has no change yet); a walk from there meets exactly the changes stored later.</summary>
    /// <exception cref="NotSupportedException">The configured item storage keeps no ledger.</exception>
    [ReadOnly]
    Task<string?> ReadFeedEndAsync(string tenant, CancellationToken cancellationToken = default);
}

[GenerateSerializer, Immutable]
public sealed record FeedChange([property: Id(0)] string ItemId, [property: Id(1)] ChangeLogEntry Change);

/// <param name="Position">Where the next page starts: after the last change of this one (the given position when it is empty).</param>
[GenerateSerializer, Immutable]
public sealed record FeedPage([property: Id(0)] IReadOnlyList<FeedChange> Changes, [property: Id(1)] string? Position);

public static class InventoryChangeGrains
{
    /// <summary>The change reader to call: a stateless worker, so one key serves every silo locally.</summary>
    public static IInventoryChangeGrain Changes(this IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<IInventoryChangeGrain>(0);
    }
}
