using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Abstractions.Inventory.Quantities;
using InventoryGrains.Domain.Items;
using InventoryGrains.Storage.Items;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace InventoryGrains.Grains.Inventory;

/// <summary>
/// Runs quantity operations: the lines of one item as one command of that item (its own write,
/// all or nothing), the lines of several items as one group write (<see cref="AllOrNothingWrite"/>).
/// A repeat of an applied operation is answered with the quantities its changes recorded in the
/// items' ledgers. Stateless and reentrant, like the bulk coordinator.
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed class QuantityOperationGrain(
    IEnumerable<IItemStore> stores,
    IEnumerable<IItemChangeReader> ledgers,
    ILogger<QuantityOperationGrain> logger) : Grain, IQuantityOperationGrain
{
    public async Task<GroupOutcome> ExecuteAsync(string tenant, IReadOnlyList<ItemQuantityLines> items, string? reference, ChangeContext context)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(context);
        var parts = items.Select(item => (item.ItemId, (InventoryCommand)new ChangeQuantities(item.Lines, reference))).ToList();
        var outcome = parts.Count == 1
            ? await ExecuteOneAsync(tenant, parts[0].ItemId, parts[0].Item2, context)
            : stores.FirstOrDefault() is { } store
                ? await new AllOrNothingWrite(ItemGrainReferences.Of(GrainFactory, ServiceProvider), tenant, store.WriteGroupAsync, logger).RunAsync(parts, context)
                : new GroupRejected([.. items.Select(item => ItemOutcome.Rejected(item.ItemId, InventoryErrorCode.InvalidArgument,
                    "Operations on several items need the item store (Inventory:Storage:Items:Provider ItemStore)."))]);

        return outcome is GroupApplied applied && applied.Items.Any(item => item.Replayed)
            ? new GroupApplied(await Task.WhenAll(applied.Items.Select((item, i) => item.Replayed ? RecordedAsync(tenant, item, items[i].Lines, context) : Task.FromResult(item))))
            : outcome;
    }

    private async Task<GroupOutcome> ExecuteOneAsync(string tenant, string itemId, InventoryCommand command, ChangeContext context)
    {
        ItemOutcome outcome;
        try
        {
            outcome = await ItemGrainReferences.Of(GrainFactory, ServiceProvider).Get(tenant, itemId).ExecuteAsync(command, context);
        }
        catch (Exception exception) when (exception is not ArgumentException)
        {
            return new GroupUnknown($"Inventory item '{itemId}' could not be reached; the operation may not have been applied. Repeat it with the same idempotency key.");
        }

        return outcome.Match<GroupOutcome>(
            applied => new GroupApplied([applied]),
            rejected => rejected.Code == InventoryErrorCode.Unavailable ? new GroupUnknown(rejected.Error.Description) : new GroupRejected([rejected]));
    }

    /// <summary>
    /// A replayed item's answer with the quantities its changes recorded: the ledger holds one
    /// change per line, in line order, the last at the replayed revision.
    /// </summary>
    private async Task<ItemApplied> RecordedAsync(string tenant, ItemApplied replayed, IReadOnlyList<QuantityLine> lines, ChangeContext context)
    {
        if (ledgers.FirstOrDefault() is not { } ledger)
        {
            return replayed;
        }

        var changes = await ledger.ReadChangesAsync(new ItemKey(tenant, replayed.ItemId), replayed.Revision - lines.Count, lines.Count);
        if (changes.Count != lines.Count || changes.Any(change => !string.Equals(change.OperationId, context.OperationId, StringComparison.Ordinal)))
        {
            return replayed;
        }

        var quantities = new List<QuantityChanged>();
        for (var i = 0; i < lines.Count; i++)
        {
            // In the order the line names them; a set of onHand is recorded as the available quantity it moved.
            QuantityName[] names = lines[i] switch
            {
                MoveQuantityLine move => [move.From, move.To],
                AdjustQuantityLine adjust => [adjust.Name],
                _ => [QuantityName.Available],
            };
            foreach (var name in names)
            {
                if (changes[i].Changes.FirstOrDefault(field => LedgerFields.QuantityOf(field.Field) == name) is { } field
                    && long.TryParse(field.Before, System.Globalization.CultureInfo.InvariantCulture, out var before)
                    && long.TryParse(field.After, System.Globalization.CultureInfo.InvariantCulture, out var after))
                {
                    quantities.Add(new QuantityChanged(lines[i].Index, name, (int)(after - before), after, changes[i].Revision));
                }
            }
        }

        return replayed with { Quantities = quantities };
    }
}
