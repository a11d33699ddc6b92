using InventoryGrains.Domain.Identifiers;
using InventoryGrains.Domain.Operations;

namespace InventoryGrains.Domain.Items;

/// <summary>
/// The record of one inventory item: what its grain holds and the item store keeps. Derived fields
/// are computed, never stored. A state is treated as a value: every change makes a changed copy
/// (<see cref="Clone"/>), so a stored or acknowledged state is never altered in place.
/// </summary>
[GenerateSerializer]
public sealed class InventoryItemState
{
    public const int DefaultPreorderLimit = 100_000;

    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string Id { get; set; } = "";
    [Id(2)] public long Revision { get; set; }
    [Id(3)] public bool TrackQuantity { get; set; }
    [Id(4)] public int Quantity { get; set; }
    [Id(5)] public bool InStock { get; set; }
    [Id(6)] public string VariantId { get; set; } = "";
    [Id(7)] public string? ProductId { get; set; }
    [Id(8)] public string LocationId { get; set; } = Locations.Default;
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

    // Id 20 held the change log while it lived inside the item; it is now the ledger of the item store.
    [Id(21)] public List<ItemIdentifier> Identifiers { get; set; } = [];

    // Id 22 held the item's recent operations; they are read from the ledger, where each change
    // records its operation (see RecentOperations).

    /// <summary>
    /// The item was deleted: <see cref="Exists"/> is false, and the stored record stays as its
    /// tombstone (its revision, its operation ids, its ledger), so the id is never reused.
    /// </summary>
    [Id(23)] public bool Deleted { get; set; }

    // The quantities of a tracked item besides available (Quantity); 0 for an untracked one.
    [Id(24)] public int Reserved { get; set; }
    [Id(25)] public int Committed { get; set; }
    [Id(26)] public int Damaged { get; set; }
    [Id(27)] public int SafetyStock { get; set; }
    [Id(28)] public int QualityControl { get; set; }
    [Id(29)] public int Incoming { get; set; }

    /// <summary>
    /// The changes made since the state was last stored, oldest first: the item store writes them
    /// to the ledger in the same commit as the state. Not serialized.
    /// </summary>
    public IReadOnlyList<ChangeLogEntry> PendingChanges
    {
        get => _pendingChanges ?? [];
        set => _pendingChanges = value;
    }

    /// <summary>
    /// The idempotent operations among the item's latest changes, oldest first, as the store read
    /// them from the ledger with the state. Not serialized: each change records its operation in
    /// the ledger, which is where they are kept.
    /// </summary>
    public IReadOnlyList<AppliedOperation> RecentOperations
    {
        get => _recentOperations ?? [];
        set => _recentOperations = value;
    }

    /// <summary>
    /// Set when the state has been stored already, at this version, by a write of several items
    /// together (all or nothing): storing it then writes nothing and only takes the version. Not
    /// serialized.
    /// </summary>
    public long? StoredAtVersion
    {
        get => _storedAtVersion;
        set => _storedAtVersion = value;
    }

    [NonSerialized]
    private long? _storedAtVersion;

    [NonSerialized]
    private IReadOnlyList<ChangeLogEntry>? _pendingChanges;

    [NonSerialized]
    private IReadOnlyList<AppliedOperation>? _recentOperations;

    public AvailabilityStatus AvailabilityStatus => TrackQuantity
        ? Quantity > 0 ? AvailabilityStatus.InStock
            : PreorderEnabled && PreorderCounter < PreorderLimit ? AvailabilityStatus.Preorder
            : AvailabilityStatus.OutOfStock
        : InStock ? AvailabilityStatus.InStock
            : PreorderEnabled ? AvailabilityStatus.Preorder
            : AvailabilityStatus.OutOfStock;

    /// <summary>The item's quantities; null when it is not tracked.</summary>
    public ItemQuantities? Quantities => TrackQuantity
        ? new ItemQuantities(Quantity, Reserved, Committed, Damaged, SafetyStock, QualityControl, Incoming)
        : null;

    /// <summary>A stored quantity (not <see cref="QuantityName.OnHand"/>, which is derived).</summary>
    public int Get(QuantityName name) => name switch
    {
        QuantityName.Available => Quantity,
        QuantityName.Reserved => Reserved,
        QuantityName.Committed => Committed,
        QuantityName.Damaged => Damaged,
        QuantityName.SafetyStock => SafetyStock,
        QuantityName.QualityControl => QualityControl,
        QuantityName.Incoming => Incoming,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "onHand is derived."),
    };

    public void Set(QuantityName name, int value)
    {
        switch (name)
        {
            case QuantityName.Available: Quantity = value; break;
            case QuantityName.Reserved: Reserved = value; break;
            case QuantityName.Committed: Committed = value; break;
            case QuantityName.Damaged: Damaged = value; break;
            case QuantityName.SafetyStock: SafetyStock = value; break;
            case QuantityName.QualityControl: QualityControl = value; break;
            case QuantityName.Incoming: Incoming = value; break;
            default: throw new ArgumentOutOfRangeException(nameof(name), name, "onHand is derived.");
        }
    }

    /// <summary>Reservations hold some of the item's stock.</summary>
    public bool HasReservations => Reserved > 0 || Committed > 0;

    /// <summary>
    /// A copy to change. The identifiers are shared: a rule replaces the list, never alters it, so
    /// a copy costs the same whatever the item holds.
    /// </summary>
    public InventoryItemState Clone()
    {
        var copy = (InventoryItemState)MemberwiseClone();
        copy._pendingChanges = null;
        copy._recentOperations = null;
        copy._storedAtVersion = null;
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
        Quantities = Quantities,
    };
}
