using InventoryGrains.Domain.Items;

namespace InventoryGrains.Abstractions.Inventory.Quantities;

/// <summary>
/// Runs a quantity operation (set, adjust, move; SPEC §15) over its items, all or nothing. Lines of
/// one item are one command of that item; lines of several items are one group write. Stateless:
/// it holds no rule and no state, the items and the store do.
/// </summary>
public interface IQuantityOperationGrain : IGrainWithIntegerKey
{
    /// <param name="items">Each item's lines, in the order their first line appears in the request.</param>
    /// <param name="reference">The caller's <c>referenceDocumentUri</c>, recorded with every change.</param>
    [ResponseTimeout("00:00:15")]
    Task<GroupOutcome> ExecuteAsync(string tenant, IReadOnlyList<ItemQuantityLines> items, string? reference, ChangeContext context);
}

/// <summary>The lines of a quantity operation that name one item.</summary>
[GenerateSerializer, Immutable]
public sealed record ItemQuantityLines(
    [property: Id(0)] string ItemId,
    [property: Id(1)] IReadOnlyList<QuantityLine> Lines);

public static class QuantityOperationGrains
{
    // Stateless workers run on the silo their call arrives at: spread over keys, every silo coordinates.
    private const int Spread = 64;

    public static IQuantityOperationGrain QuantityOperations(this IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<IQuantityOperationGrain>(Random.Shared.Next(Spread));
    }
}
