namespace InventoryGrains.Abstractions.Inventory;

/// <summary>
/// Fans a bulk request out to the item grains: commands for one item apply in request order,
/// different items concurrently, and every request index gets exactly one result.
/// </summary>
public interface IBulkCoordinatorGrain : IGrainWithIntegerKey
{
    Task<IReadOnlyList<InventoryResult>> ExecuteAsync(string tenant, IReadOnlyList<ItemCommand> commands, ChangeContext context);
}

/// <summary>One entry of a bulk request: the item it names and what to do to it.</summary>
[GenerateSerializer, Immutable]
public sealed record ItemCommand(
    [property: Id(0)] string ItemId,
    [property: Id(1)] InventoryCommand Command);
