using InventoryGrains.Storage.Items;
using InventoryGrains.Storage.Memory;

namespace InventoryGrains.Grains.Tests;

/// <summary>
/// The in-memory item store, failing where <paramref name="faults"/> says grain storage fails: the
/// item grains and the other grains of a test cluster fail by the same switches.
/// </summary>
public sealed class FaultyItemStore(FaultyGrainStorage faults) : IItemStore
{
    public MemoryItemStore Inner { get; } = new();

    public Task<StoredItem?> ReadAsync(ItemKey key) =>
        faults.FailReads ? Task.FromException<StoredItem?>(new IOException("Injected storage failure.")) : Inner.ReadAsync(key);

    public Task<long> WriteAsync(ItemWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        return faults.FailWrites || faults.FailWritesFor?.Invoke(GrainIdOf(write.Key)) == true
            ? Task.FromException<long>(new IOException("Injected storage failure."))
            : Inner.WriteAsync(write);
    }

    public Task ClearAsync(ItemKey key, long expectedVersion) => Inner.ClearAsync(key, expectedVersion);

    public static GrainId GrainIdOf(ItemKey key) => GrainId.Create("inventoryitem", key.ToString());
}
