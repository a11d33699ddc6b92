using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Domain.Items;
using InventoryGrains.Storage.Items;
using Microsoft.Extensions.Logging;

namespace InventoryGrains.Grains.Inventory;

/// <summary>
/// Writes changes of several items all or nothing. Each item, in ascending id order, checks its
/// change and holds for it (<see cref="IInventoryItemGrain.PrepareAsync"/>); if every item would
/// apply its change, the prepared writes are stored in one commit of the item store, each version
/// checked (<see cref="IItemStore.WriteGroupAsync"/>); then each item is told how it ended.
/// <para>
/// The commit is the decision: it stores every item's row and ledger entries or none, so no crash
/// at any step leaves part of a group applied. Before it, nothing is stored; after it, everything
/// is, whether or not the items are told. An item that is not told gives up holding after its hold
/// timeout and reads itself back from the store; a write of an item that moved on in the meantime
/// fails its version check, and with it the whole group. Items are prepared in ascending id order,
/// and an item holds for one group at a time, so two groups never wait on each other.
/// </para>
/// </summary>
/// <param name="write">Stores the prepared writes of one group, all or nothing (the item store's, or one that stores more beside them).</param>
internal sealed partial class AllOrNothingWrite(
    ItemGrainReferences items,
    string tenant,
    Func<IReadOnlyList<ItemWrite>, Task<IReadOnlyList<long>>> write,
    ILogger logger)
{
    public async Task<GroupOutcome> RunAsync(IReadOnlyList<(string ItemId, InventoryCommand Command)> parts, ChangeContext context)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var token = Guid.NewGuid().ToString("N");
        var prepared = new List<(int Part, PreparedWrite Write, ItemApplied Outcome)>(parts.Count);
        var replayed = new List<(int Part, ItemApplied Outcome)>();
        var rejected = new List<ItemRejected>();
        foreach (var part in Enumerable.Range(0, parts.Count).OrderBy(part => parts[part].ItemId, StringComparer.Ordinal))
        {
            ItemPreparation preparation;
            try
            {
                preparation = await Item(parts[part].ItemId).PrepareAsync(token, parts[part].Command, context);
            }
            catch (Exception exception)
            {
                LogUnreachable(logger, exception, parts[part].ItemId);

                // The item may hold for the group without its answer having arrived: tell it too.
                await EndAsync([.. prepared.Select(entry => parts[entry.Part].ItemId), parts[part].ItemId], token, PreparedWriteEnd.Abandoned, null);
                return new GroupUnknown($"Inventory item '{parts[part].ItemId}' could not be reached; nothing was applied. Repeat the operation.");
            }

            switch (preparation)
            {
                case { Write: { } prepare, Outcome: ItemApplied applied }:
                    prepared.Add((part, prepare, applied));
                    break;
                case { Outcome: ItemApplied applied }:
                    replayed.Add((part, applied));
                    break;
                case { Outcome: ItemRejected refused }:
                    rejected.Add(refused);
                    break;
            }
        }

        var holding = prepared.Select(entry => parts[entry.Part].ItemId).ToList();
        if (rejected.Count > 0)
        {
            await EndAsync(holding, token, PreparedWriteEnd.Abandoned, null);
            return new GroupRejected(rejected);
        }

        if (prepared.Count == 0)
        {
            return new GroupApplied([.. replayed.OrderBy(entry => entry.Part).Select(entry => entry.Outcome)]);
        }

        if (replayed.Count > 0)
        {
            // Some items applied this operation before and others not: it is older than what the
            // others remember. Applying it now could apply it twice.
            await EndAsync(holding, token, PreparedWriteEnd.Abandoned, null);
            return new GroupUnknown("Some items applied this operation before and the others no longer remember it; nothing was applied now.");
        }

        IReadOnlyList<long> versions;
        try
        {
            versions = await write([.. prepared.Select(entry => new ItemWrite(
                new ItemKey(tenant, parts[entry.Part].ItemId), entry.Write.ExpectedVersion, entry.Write.State, entry.Write.Changes))]);
        }
        catch (ItemVersionConflictException conflict)
        {
            LogConflict(logger, conflict.Key);
            await EndAsync(holding, token, PreparedWriteEnd.Abandoned, null);
            return new GroupUnknown($"Inventory item '{conflict.Key.ItemId}' changed while the operation was prepared; nothing was applied. Repeat the operation.");
        }
        catch (Abstractions.StorageRefusedException refused)
        {
            await EndAsync(holding, token, PreparedWriteEnd.Abandoned, null);
            return new GroupRejected([.. prepared.Select(entry => ItemOutcome.Rejected(parts[entry.Part].ItemId, InventoryErrorCode.InvalidArgument,
                $"The change holds a value the store cannot keep ({refused.Message}); nothing was changed."))]);
        }
        catch (Exception exception)
        {
            LogWriteUnknown(logger, exception, prepared.Count);
            await EndAsync(holding, token, PreparedWriteEnd.Unknown, null);
            return new GroupUnknown("The operation could not be confirmed as stored: on every item or on none. Read the items, or repeat it with the same idempotency key.");
        }

        await Task.WhenAll(prepared.Select((entry, i) => EndAsync([parts[entry.Part].ItemId], token, PreparedWriteEnd.Stored, versions[i])));
        return new GroupApplied([.. prepared.OrderBy(entry => entry.Part).Select(entry => entry.Outcome)]);
    }

    /// <summary>Tells the items how the group ended. Best effort: an item not told stops holding after its timeout and reads itself back.</summary>
    private async Task EndAsync(List<string> itemIds, string token, PreparedWriteEnd end, long? version)
    {
        try
        {
            await Task.WhenAll(itemIds.Select(itemId => Item(itemId).CompleteAsync(token, end, version)));
        }
        catch (Exception exception)
        {
            LogNotTold(logger, exception, itemIds.Count);
        }
    }

    private IInventoryItemGrain Item(string itemId) => items.Get(tenant, itemId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inventory item {ItemId} could not be reached to prepare a group write; nothing of the group was applied")]
    private static partial void LogUnreachable(ILogger logger, Exception exception, string itemId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Inventory item {Key} changed while a group write was prepared; nothing of the group was applied")]
    private static partial void LogConflict(ILogger logger, ItemKey key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A group write of {Items} items has an unknown outcome (all or none of it is stored); its items read themselves back")]
    private static partial void LogWriteUnknown(ILogger logger, Exception exception, int items);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Some of {Items} items could not be told how their group write ended; they read themselves back after their hold")]
    private static partial void LogNotTold(ILogger logger, Exception exception, int items);
}
