using InventoryGrains.Domain.Identifiers;

namespace InventoryGrains.Domain.Items;

/// <summary>An inventory item as it stands after its latest change; derived fields included.</summary>
[GenerateSerializer, Immutable]
public sealed record InventoryItem
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required long Revision { get; init; }
    [Id(2)] public required bool TrackQuantity { get; init; }
    [Id(3)] public required int Quantity { get; init; }
    [Id(4)] public required bool InStock { get; init; }
    [Id(5)] public required string VariantId { get; init; }
    [Id(6)] public string? ProductId { get; init; }
    [Id(7)] public required string LocationId { get; init; }
    [Id(8)] public required ProductType ProductType { get; init; }
    [Id(9)] public required bool Subscription { get; init; }
    [Id(10)] public required PreorderInfo Preorder { get; init; }
    [Id(11)] public required int QuantityOnBackorder { get; init; }
    [Id(12)] public InventoryRestriction? Restriction { get; init; }
    [Id(13)] public DateTimeOffset? LastEffectiveAt { get; init; }
    [Id(14)] public required AvailabilityStatus AvailabilityStatus { get; init; }
    [Id(15)] public required DateTimeOffset CreatedDate { get; init; }
    [Id(16)] public required DateTimeOffset UpdatedDate { get; init; }
    [Id(17)] public IReadOnlyList<ItemIdentifier> Identifiers { get; init; } = [];

    /// <summary>The quantities by state of a tracked item; null when it is not tracked.</summary>
    [Id(18)] public ItemQuantities? Quantities { get; init; }
}

/// <param name="Quantity">Remaining preorder capacity: limit − counter.</param>
[GenerateSerializer, Immutable]
public sealed record PreorderInfo(
    [property: Id(0)] bool Enabled,
    [property: Id(1)] string? Message,
    [property: Id(2)] int Limit,
    [property: Id(3)] int Counter,
    [property: Id(4)] int Quantity);
