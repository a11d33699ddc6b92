using InventoryGrains.Storage.Items;
using InventoryGrains.Storage.Memory;

namespace InventoryGrains.Storage.Tests;

public sealed class MemoryItemQueryStoreTests : ItemQueryStoreContract
{
    private readonly MemoryItemStore _store = new();

    public MemoryItemQueryStoreTests() => Queries = new MemoryItemQueryStore(_store);

    protected override IItemStore Store => _store;

    protected override IItemQueryStore Queries { get; }
}
