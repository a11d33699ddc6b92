using System.Globalization;
using Orleans.Storage;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Storage.Items;

/// <summary>
/// The Orleans grain storage of inventory items, over an <see cref="IItemStore"/>: the item grains
/// keep using <see cref="IPersistentState{TState}"/> while their writes are gathered, version
/// checked and stored with their ledger entries. The ETag is the stored version.
/// </summary>
/// <param name="recentChanges">How many of an item's latest changes its remembered operations are read from.</param>
public sealed class InventoryItemGrainStorage(IItemStore store, int recentChanges) : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = ItemKey.From(grainId);
        using var activity = StoreActivities.StartRequest("read", key);
        StoredItem? stored;
        try
        {
            stored = await store.ReadAsync(key, recentChanges);
        }
        catch (Exception exception)
        {
            StoreActivities.Failed(activity, exception);
            throw StorageFailures.Translate("Reading the item", exception);
        }

        if (stored is null)
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        grainState.State = (T)(object)stored.State;
        grainState.ETag = stored.Version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var state = ItemState(grainState);
        if (state.StoredAtVersion is { } stored)
        {
            // Stored already, with other items, all or nothing (IItemStore.WriteGroupAsync).
            state.StoredAtVersion = null;
            grainState.ETag = stored.ToString(CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
            return;
        }

        var write = new ItemWrite(ItemKey.From(grainId), ExpectedVersion(grainState), state, state.PendingChanges);
        using var activity = StoreActivities.StartRequest("write", write.Key, write.ExpectedVersion);
        long version;
        try
        {
            version = await store.WriteAsync(write);
        }
        catch (ItemVersionConflictException conflict)
        {
            StoreActivities.Failed(activity, conflict);
            throw new InconsistentStateException(conflict.Message, grainState.ETag, currentEtag: null);
        }
        catch (Exception exception)
        {
            StoreActivities.Failed(activity, exception);
            throw StorageFailures.Translate("Writing the item", exception);
        }

        // Only now, after the commit: the grain's view of the store moves on.
        grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (ExpectedVersion(grainState) is { } expected)
        {
            try
            {
                await store.ClearAsync(ItemKey.From(grainId), expected);
            }
            catch (ItemVersionConflictException conflict)
            {
                throw new InconsistentStateException(conflict.Message, grainState.ETag, currentEtag: null);
            }
            catch (Exception exception)
            {
                throw StorageFailures.Translate("Clearing the item", exception);
            }
        }

        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private static long? ExpectedVersion<T>(IGrainState<T> grainState) =>
        grainState.ETag is { } etag ? long.Parse(etag, CultureInfo.InvariantCulture) : null;

    private static InventoryItemState ItemState<T>(IGrainState<T> grainState) =>
        grainState.State as InventoryItemState
            ?? throw new NotSupportedException($"The item store keeps {nameof(InventoryItemState)} only, not {typeof(T).Name}.");
}
