using InventoryGrains.Abstractions.Identifiers;
using InventoryGrains.Abstractions.Inventory;

namespace InventoryGrains.Grains.Inventory;

/// <summary>The persisted state of one inventory item. Derived fields are computed, never stored.</summary>
[GenerateSerializer]
public sealed class InventoryItemState
{
    public const int DefaultPreorderLimit = 100_000;
    public const string DefaultLocation = "default";

    /// <summary>
    /// How many change-log entries an item keeps: enough to explain a recent run of bulk changes,
    /// small enough that every write of the item stays a few kilobytes.
    /// </summary>
    public const int ChangeLogCapacity = 50;

    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string Id { get; set; } = "";
    [Id(2)] public long Revision { get; set; }
    [Id(3)] public bool TrackQuantity { get; set; }
    [Id(4)] public int Quantity { get; set; }
    [Id(5)] public bool InStock { get; set; }
    [Id(6)] public string VariantId { get; set; } = "";
    [Id(7)] public string? ProductId { get; set; }
    [Id(8)] public string LocationId { get; set; } = DefaultLocation;
    [Id(9)] public ProductType ProductType { get; set; }
    [Id(10)] public bool Subscription { get; set; }
    [Id(11)] public bool PreorderEnabled { get; set; }
    [Id(12)] public string? PreorderMessage { get; set; }
    [Id(13)] public int PreorderLimit { get; set; } = DefaultPreorderLimit;
    [Id(14)] public int PreorderCounter { get; set; }
    [Id(15)] public int QuantityOnBackorder { get; set; }
    [Id(16)] public InventoryRestriction? Restriction { get; set; }
    [Id(17)] public DateTimeOffset? LastEffectiveAt { get; set; }
    [Id(18)] public DateTimeOffset CreatedDate { get; set; }
    [Id(19)] public DateTimeOffset UpdatedDate { get; set; }
    [Id(20)] public List<ChangeLogEntry> ChangeLog { get; set; } = [];
    [Id(21)] public List<ItemIdentifier> Identifiers { get; set; } = [];

    public AvailabilityStatus AvailabilityStatus => TrackQuantity
        ? Quantity > 0 ? AvailabilityStatus.InStock
            : PreorderEnabled && PreorderCounter < PreorderLimit ? AvailabilityStatus.Preorder
            : AvailabilityStatus.OutOfStock
        : InStock ? AvailabilityStatus.InStock
            : PreorderEnabled ? AvailabilityStatus.Preorder
            : AvailabilityStatus.OutOfStock;

    public InventoryItemState Clone()
    {
        var copy = (InventoryItemState)MemberwiseClone();
        copy.ChangeLog = [.. ChangeLog];
        copy.Identifiers = [.. Identifiers];
        return copy;
    }

    public InventoryItem ToItem() => new()
    {
        Id = Id,
        Revision = Revision,
        TrackQuantity = TrackQuantity,
        Quantity = Quantity,
        InStock = InStock,
        VariantId = VariantId,
        ProductId = ProductId,
        LocationId = LocationId,
        ProductType = ProductType,
        Subscription = Subscription,
        Preorder = new PreorderInfo(PreorderEnabled, PreorderMessage, PreorderLimit, PreorderCounter, PreorderLimit - PreorderCounter),
        QuantityOnBackorder = QuantityOnBackorder,
        Restriction = Restriction,
        LastEffectiveAt = LastEffectiveAt,
        AvailabilityStatus = AvailabilityStatus,
        CreatedDate = CreatedDate,
        UpdatedDate = UpdatedDate,
        Identifiers = [.. Identifiers],
    };
}
