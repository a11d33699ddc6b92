using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Storage.Items;
using InventoryGrains.Storage.Memory;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Storage.Tests;

public sealed class MemoryItemStoreTests : ItemStoreContract
{
    private readonly MemoryItemStore _store = new();

    protected override IItemStore Store => _store;

    protected override IItemStore SecondStore => _store;

    protected override Task<IReadOnlyList<ChangeLogEntry>> LedgerAsync(ItemKey key) => Task.FromResult(_store.Ledger(key));

    [Fact]
    public async Task A_stored_state_is_a_copy_the_writer_cannot_change_afterwards()
    {
        var key = Key("copy");
        var write = Write(key, null, 1, 10, Change(1, 0, 10));
        await Store.WriteAsync(write);

        write.State.Quantity = 999;
        var read = await Store.ReadAsync(key, recentChanges: 0);
        read!.State.Quantity = 555;

        Assert.Equal(10, (await Store.ReadAsync(key, recentChanges: 0))!.State.Quantity);
    }
}
