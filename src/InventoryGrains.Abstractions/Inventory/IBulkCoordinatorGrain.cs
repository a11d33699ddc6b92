using InventoryGrains.Abstractions.Identifiers;
using InventoryGrains.Domain.Items;
using InventoryGrains.Domain.Identifiers;

namespace InventoryGrains.Abstractions.Inventory;

/// <summary>
/// Fans a bulk request out to the item grains: commands for one item apply in request order,
/// different items concurrently, and every request index gets exactly one result.
/// </summary>
/// <remarks>
/// A bulk answers within 12 s, every entry still waiting for its item then <c>UNAVAILABLE</c>; a
/// caller waits at most 15 s, the coordinator's own silo having died.
/// </remarks>
public interface IBulkCoordinatorGrain : IGrainWithIntegerKey
{
    [ResponseTimeout("00:00:15")]
    Task<IReadOnlyList<ItemOutcome>> ExecuteAsync(string tenant, IReadOnlyList<ItemCommand> commands, ChangeContext context);

    /// <summary>
    /// The same, for entries that name their item by identifiers at a location instead of by id:
    /// each is resolved through the identifier index (and, to create, registered in it) first.
    /// </summary>
    [ResponseTimeout("00:00:15")]
    Task<IReadOnlyList<ItemOutcome>> ExecuteByIdentifierAsync(string tenant, IReadOnlyList<IdentifiedCommand> commands, ChangeContext context);
}

public enum IdentifiedMode
{
    /// <summary>Register the identifiers for a new item and create it; a taken identifier is DUPLICATE_IDENTIFIER.</summary>
    Create,

    /// <summary>Apply the change to the item the identifiers name; none is INVENTORY_ITEM_NOT_FOUND.</summary>
    Change,

    /// <summary>Change the item the identifiers name, or create it when there is none.</summary>
    Upsert,
}

/// <summary>
/// One entry naming its item by identifiers at a location. Several identifiers must name the same
/// item. <see cref="Create"/> is used by Create and Upsert, <see cref="Change"/> by Change and Upsert.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record IdentifiedCommand(
    [property: Id(0)] string LocationId,
    [property: Id(1)] IReadOnlyList<ItemIdentifier> Identifiers,
    [property: Id(2)] IdentifiedMode Mode,
    [property: Id(3)] CreateInventoryItem? Create,
    [property: Id(4)] InventoryCommand? Change)
{
    /// <summary>The idempotent operation this entry is (tenant, key, entry index), when the request named one.</summary>
    [Id(5)] public string? OperationId { get; init; }
}

/// <summary>One entry of a bulk request: the item it names and what to do to it.</summary>
[GenerateSerializer, Immutable]
public sealed record ItemCommand(
    [property: Id(0)] string ItemId,
    [property: Id(1)] InventoryCommand Command)
{
    /// <summary>The idempotent operation this entry is (tenant, key, entry index), when the request named one.</summary>
    [Id(2)] public string? OperationId { get; init; }
}

public static class BulkCoordinators
{
    // A grain client sends every call to one grain (one key) through one gateway silo, and a
    // stateless worker runs on the silo its call arrives at. Spread over this many keys, bulks are
    // coordinated on every silo of the cluster, and a gateway that is cut off holds up only its
    // share of them until the client drops it.
    private const int Spread = 64;

    /// <summary>A coordinator to send one bulk to (any of them does the same).</summary>
    public static IBulkCoordinatorGrain BulkCoordinator(this IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<IBulkCoordinatorGrain>(Random.Shared.Next(Spread));
    }
}
