using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Abstractions.Inventory.Changes;
using InventoryGrains.Storage.Items;
using Orleans.Concurrency;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Grains.Inventory;

/// <summary>
/// Answers ledger reads from the item store of its silo; stateless and reentrant like the query
/// grain. Under the ADO.NET grain storage, which keeps no ledger, every read is refused.
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed class InventoryChangeGrain(IEnumerable<IItemChangeReader> readers) : Grain, IInventoryChangeGrain
{
    private readonly IItemChangeReader? _reader = readers.FirstOrDefault();

    public Task<IReadOnlyList<ChangeLogEntry>> ReadItemChangesAsync(string tenant, string itemId, long afterRevision, int limit, CancellationToken cancellationToken = default) =>
        Reader.ReadChangesAsync(new ItemKey(tenant, itemId), afterRevision, limit, cancellationToken);

    public Task<FeedPage> ReadFeedAsync(string tenant, string? position, int limit, CancellationToken cancellationToken = default) =>
        Reader.ReadFeedAsync(tenant, position, limit, cancellationToken);

    public Task<string?> ReadFeedEndAsync(string tenant, CancellationToken cancellationToken = default) =>
        Reader.ReadFeedEndAsync(tenant, cancellationToken);

    private IItemChangeReader Reader => _reader ?? throw new NotSupportedException("The configured item storage keeps no ledger: use the item store (Inventory:Storage:Items:Provider).");
}
