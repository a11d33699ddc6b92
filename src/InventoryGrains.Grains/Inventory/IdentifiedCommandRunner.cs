using InventoryGrains.Abstractions;
using InventoryGrains.Abstractions.Idempotency;
using InventoryGrains.Domain.Operations;
using InventoryGrains.Abstractions.Identifiers;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Domain.Items;
using InventoryGrains.Domain.Identifiers;

namespace InventoryGrains.Grains.Inventory;

/// <summary>
/// Runs bulk entries that name items by identifier. First every entry is resolved through the
/// identifier index; then entries are grouped by the item they name (or, for items still to be
/// created, by their first identifier) and each group runs in request order, groups concurrently.
/// <para>
/// An item created here is created by its own grain, which claims its variant and identifiers in
/// the index, and frees them if the creation fails: the item owns its index entries, this runner
/// only reads the index.
/// </para>
/// </summary>
internal sealed class IdentifiedCommandRunner(
    IGrainFactory grains,
    string tenant,
    Func<string, IdentifiedCommand, InventoryCommand, Task<ItemOutcome>> execute)
{
    /// <param name="results">Where each entry's result is written as soon as it is known (one slot per command).</param>
    public async Task RunAsync(IReadOnlyList<IdentifiedCommand> commands, int maxConcurrency, ItemOutcome?[] results)
    {
        var entries = new Entry[commands.Count];
        for (var index = 0; index < commands.Count; index++)
        {
            var command = commands[index];
            var keys = new List<string>();
            foreach (var identifier in command.Identifiers)
            {
                if (!ProductIdentifier.TryNormalize(identifier, out var key, out var problem))
                {
                    results[index] = ItemOutcome.Rejected("", InventoryErrorCode.InvalidArgument, problem);
                    break;
                }

                keys.Add(key);
            }

            entries[index] = new Entry(index, command, [.. keys.Distinct(StringComparer.Ordinal)]);
            if (results[index] is null && (keys.Count == 0 || string.IsNullOrWhiteSpace(command.LocationId)))
            {
                results[index] = ItemOutcome.Rejected("", InventoryErrorCode.InvalidArgument, "An identifier and a location are required.");
            }
        }

        var valid = entries.Where(e => results[e.Index] is null).ToList();
        await BoundedFanout.RunAsync(valid, maxConcurrency, async entry =>
        {
            try
            {
                entry.Resolved = await ResolveAsync(entry);
            }
            catch (Exception)
            {
                results[entry.Index] = ItemOutcome.Rejected("", InventoryErrorCode.Unavailable, "The identifier index could not be reached; nothing was changed.");
            }
        });

        var groups = valid
            .Where(e => results[e.Index] is null)
            .GroupBy(e => e.Resolved is { ItemId: { } id } ? "item:" + id : "new:" + e.Command.LocationId + "\n" + e.Keys[0], StringComparer.Ordinal);
        await BoundedFanout.RunAsync(groups, maxConcurrency, async group =>
        {
            string? createdId = null;
            foreach (var entry in group)
            {
                var result = await RunOneAsync(entry, createdId);
                results[entry.Index] = result;
                if (createdId is null && result is ItemApplied && entry.Resolved?.ItemId is null)
                {
                    createdId = result.ItemId;
                }
            }
        });
    }

    private async Task<Resolution> ResolveAsync(Entry entry)
    {
        var holders = await Task.WhenAll(entry.Keys.Select(key => Index(key).ResolveAsync(entry.Command.LocationId)));
        var distinct = holders.Distinct(StringComparer.Ordinal).ToList();
        return distinct.Count == 1 ? new Resolution(distinct[0], false) : new Resolution(null, true);
    }

    private async Task<ItemOutcome> RunOneAsync(Entry entry, string? createdInThisGroup)
    {
        var command = entry.Command;
        if (entry.Resolved!.Conflicting)
        {
            return command.Mode == IdentifiedMode.Create
                ? ItemOutcome.Rejected("", InventoryErrorCode.DuplicateIdentifier, $"Some of the identifiers are already registered at location '{command.LocationId}'.")
                : ItemOutcome.Rejected("", InventoryErrorCode.InvalidArgument, "The identifiers given name different items.");
        }

        var itemId = entry.Resolved.ItemId ?? createdInThisGroup;
        switch (command.Mode)
        {
            case IdentifiedMode.Create when itemId is null:
            case IdentifiedMode.Upsert when itemId is null:
                var created = await CreateAsync(entry);
                if (command.Mode == IdentifiedMode.Upsert && created is ItemRejected { Code: InventoryErrorCode.DuplicateIdentifier })
                {
                    // Another request created it meanwhile: it is an update after all.
                    var now = await ResolveAsync(entry);
                    if (now is { ItemId: { } raced, Conflicting: false })
                    {
                        return await ExecuteAsync(raced, command, command.Change!);
                    }
                }

                return created;
            case IdentifiedMode.Create when itemId == NewItemId(command):
                // This operation created the item before (its answer was lost): the item answers it again.
                return await ExecuteAsync(itemId!, command, command.Create! with { LocationId = command.LocationId, Identifiers = RegisteredIdentifiers(command) });
            case IdentifiedMode.Create:
                return ItemOutcome.Rejected(itemId!, InventoryErrorCode.DuplicateIdentifier,
                    $"The identifier is already registered at location '{command.LocationId}' for item '{itemId}'.");
            default:
                return itemId is null
                    ? ItemOutcome.Rejected("", InventoryErrorCode.InventoryItemNotFound, "No item is registered under the identifiers given.")
                    : await ExecuteAsync(itemId, command, command.Change!);
        }
    }

    /// <summary>
    /// Creates the item, under an id derived from the operation when there is one. An item that
    /// already is the variant at the location was registered under the identifiers given: to this
    /// caller, a duplicate identifier.
    /// </summary>
    private async Task<ItemOutcome> CreateAsync(Entry entry)
    {
        var create = entry.Command.Create! with { LocationId = entry.Command.LocationId, Identifiers = RegisteredIdentifiers(entry.Command) };
        var outcome = await ExecuteAsync(NewItemId(entry.Command), entry.Command, create);
        return outcome is ItemRejected { Code: InventoryErrorCode.ItemAlreadyExists } taken
            ? taken with { Error = taken.Error with { Code = InventoryErrorCode.DuplicateIdentifier } }
            : outcome;
    }

    private Task<ItemOutcome> ExecuteAsync(string itemId, IdentifiedCommand entry, InventoryCommand command) => execute(itemId, entry, command);

    /// <summary>The identifiers the new item keeps: its variant is its own field, not one of them.</summary>
    private static IReadOnlyList<ItemIdentifier> RegisteredIdentifiers(IdentifiedCommand command) =>
        [.. command.Identifiers.Where(identifier => identifier.Kind != IdentifierKind.Variant)];

    /// <summary>A new item's id: derived from the operation when the entry is one, so that a repeat names the same item.</summary>
    private string NewItemId(IdentifiedCommand command) =>
        command.OperationId is { } operationId ? OperationIds.CreatedIdOf(tenant, operationId) : Guid.NewGuid().ToString();

    private IIdentifierIndexGrain Index(string key) => grains.GetGrain<IIdentifierIndexGrain>(TenantKey.Format(tenant, key));

    private sealed class Entry(int index, IdentifiedCommand command, List<string> keys)
    {
        public int Index { get; } = index;
        public IdentifiedCommand Command { get; } = command;
        public List<string> Keys { get; } = keys;
        public Resolution? Resolved { get; set; }
    }

    private sealed record Resolution(string? ItemId, bool Conflicting);
}
