using InventoryGrains.Domain.Operations;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Abstractions.Inventory.Changes;
using InventoryGrains.Abstractions.Inventory.Quantities;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.LoadTest.Targets;

/// <summary>Drives the bulk coordinator through a grain client (its own silo's, or a cluster's).</summary>
/// <param name="retry">Repeat unknown outcomes with the same operation ids until they are definite.</param>
public sealed class GrainTarget(IHost host, IGrainFactory grains, string tenant, string description, bool retry = false) : ILoadTarget
{
    // Results carry the revision, not the whole item: the ledger needs no more.
    private static readonly ChangeContext Manual = new(ChangeReason.Manual, "loadtest") { ReturnItem = false };
    private static readonly ChangeContext Order = new(ChangeReason.Order, "loadtest") { ReturnItem = false };

    public string Description => description;

    public IGrainFactory? Grains => grains;

    private IBulkCoordinatorGrain Coordinator => grains.BulkCoordinator();

    public Task<IReadOnlyList<Outcome>> CreateAsync(IReadOnlyList<ItemSeed> items) =>
        ExecuteAsync([.. items.Select(i => new ItemCommand(i.Id, new CreateInventoryItem { VariantId = i.Id, Quantity = i.Quantity }))], Manual);

    public Task<IReadOnlyList<Outcome>> SetQuantitiesAsync(IReadOnlyList<QuantitySet> sets) =>
        ExecuteAsync([.. sets.Select(s => new ItemCommand(s.Id, new UpdateInventoryItem { ExpectedRevision = s.ExpectedRevision, Quantity = s.Quantity }))], Manual);

    public Task<IReadOnlyList<Outcome>> DecrementAsync(IReadOnlyList<string> itemIds) =>
        ExecuteAsync([.. itemIds.Select(id => new ItemCommand(id, new DecrementInventory(1, PreorderRequest: false, RestrictInventory: true)))], Order);

    public async Task<Outcome> AdjustQuantitiesAsync(string key, string name, IReadOnlyList<QuantityAdjustment> lines)
    {
        if (!QuantityNames.TryParse(name, out var quantity))
        {
            throw new ArgumentException($"No quantity is named {name}.", nameof(name));
        }

        var items = lines.Select((line, index) => (line, index))
            .GroupBy(entry => entry.line.ItemId, StringComparer.Ordinal)
            .Select(item => new ItemQuantityLines(item.Key, [.. item.Select(entry => (QuantityLine)new AdjustQuantityLine(entry.index, quantity, entry.line.Delta, entry.line.ChangeFrom))]))
            .ToList();
        var context = new ChangeContext(ChangeReason.MovementCreated, "loadtest") { ReturnItem = false, OperationId = OperationIds.OfEntry(key, 0) };
        try
        {
            return (await grains.QuantityOperations().ExecuteAsync(tenant, items, null, context)).Match(
                applied => new Outcome(true, null, applied.Items.Max(item => item.Revision)),
                rejected => new Outcome(false, (rejected.Items[0].Lines.Count > 0 ? rejected.Items[0].Lines[0].Code : rejected.Items[0].Code).ContractName(), null),
                _ => new Outcome(false, "UNAVAILABLE", null));
        }
        catch (Exception exception) when (exception is OrleansException or TimeoutException)
        {
            return new Outcome(false, "UNAVAILABLE", null);
        }
    }

    private Task<IReadOnlyList<Outcome>> ExecuteAsync(IReadOnlyList<ItemCommand> commands, ChangeContext context)
    {
        if (!retry)
        {
            return CallAsync(commands, context);
        }

        // One key per logical request: each entry's operation id stays the same on every repeat.
        var key = RetryUntilDefinite.NewKey();
        var operations = commands.Select((command, index) => command with { OperationId = OperationIds.OfEntry(key, index) }).ToList();
        return RetryUntilDefinite.RunAsync(commands.Count, pending => CallAsync([.. pending.Select(index => operations[index])], context));
    }

    /// <summary>A bulk call that fails as a whole leaves every entry's outcome unknown.</summary>
    private async Task<IReadOnlyList<Outcome>> CallAsync(IReadOnlyList<ItemCommand> commands, ChangeContext context)
    {
        try
        {
            return ToOutcomes(await Coordinator.ExecuteAsync(tenant, commands, context));
        }
        catch (Exception exception) when (exception is OrleansException or TimeoutException)
        {
            return [.. Enumerable.Repeat(new Outcome(false, "UNAVAILABLE", null), commands.Count)];
        }
    }

    public async Task<IReadOnlyList<ItemSnapshot?>> ReadAsync(IReadOnlyList<string> itemIds)
    {
        var results = new ItemSnapshot?[itemIds.Count];
        await Parallel.ForAsync(0, itemIds.Count, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (index, _) =>
        {
            var item = await grains.GetGrain<IInventoryItemGrain>(InventoryItemKey.Format(tenant, itemIds[index])).GetAsync();
            results[index] = item is null ? null : new ItemSnapshot(item.Id, item.Revision, item.Quantity, item.Quantities?.Incoming);
        });
        return results;
    }

    public Task<string> TenantAsync() => Task.FromResult(tenant);

    public async Task<string?> FeedEndAsync()
    {
        try
        {
            return await grains.Changes().ReadFeedEndAsync(tenant);
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    public async Task<FeedRead?> ReadFeedAsync(string? position, int limit)
    {
        try
        {
            var page = await grains.Changes().ReadFeedAsync(tenant, position, limit);
            return new FeedRead([.. page.Changes.Select(change => (change.ItemId, change.Change.Revision))], page.Position);
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    public static IReadOnlyList<Outcome> ToOutcomes(IReadOnlyList<ItemOutcome> results) =>
        [.. results.Select(ToOutcome)];

    public static Outcome ToOutcome(ItemOutcome result) => result.Match(
        applied => new Outcome(true, null, applied.Revision),
        rejected => new Outcome(false, rejected.Code.ContractName(), rejected.Error.CurrentRevision));

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
