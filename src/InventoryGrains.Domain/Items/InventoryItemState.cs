using InventoryGrains.Domain.Identifiers;

namespace InventoryGrains.Domain.Items;

/// <summary>
/// The stored record of one inventory item: what its grain holds and the item store keeps. Derived
/// fields are computed, never stored. The grain treats a state as a value: every change makes a
/// changed copy (<see cref="Clone"/>), so a stored or acknowledged state is never altered in place.
/// </summary>
[GenerateSerializer]
public sealed class InventoryItemState
{
    public const int DefaultPreorderLimit = 100_000;
    public const string DefaultLocation = "default";

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

    // Id 20 held the change log while it lived inside the item; it is now the ledger of the item store.
    [Id(21)] public List<ItemIdentifier> Identifiers { get; set; } = [];

    /// <summary>
    /// The idempotent operations applied to the item, oldest first, each with the revision it
    /// made: a repeated operation is answered from here instead of being applied again. Bounded
    /// by count and age (<see cref="RecordOperation"/>).
    /// </summary>
    [Id(22)] public List<AppliedOperation> RecentOperations { get; set; } = [];

    /// <summary>
    /// The item was deleted: <see cref="Exists"/> is false, and the stored record stays as its
    /// tombstone (its revision, its operation ids, its ledger), so the id is never reused.
    /// </summary>
    [Id(23)] public bool Deleted { get; set; }

    /// <summary>
    /// The changes made since the state was last stored, oldest first: the item store writes them
    /// to the ledger in the same commit as the state, and the grain clears them once it is stored.
    /// Not part of the serialized state.
    /// </summary>
    public List<ChangeLogEntry> PendingChanges => _pendingChanges ??= [];

    // Not serialized: a deserialized state starts without pending changes.
    [NonSerialized]
    private List<ChangeLogEntry>? _pendingChanges;

    public AvailabilityStatus AvailabilityStatus => TrackQuantity
        ? Quantity > 0 ? AvailabilityStatus.InStock
            : PreorderEnabled && PreorderCounter < PreorderLimit ? AvailabilityStatus.Preorder
            : AvailabilityStatus.OutOfStock
        : InStock ? AvailabilityStatus.InStock
            : PreorderEnabled ? AvailabilityStatus.Preorder
            : AvailabilityStatus.OutOfStock;

    /// <summary>The revision an operation made, if the item applied it and still remembers it.</summary>
    public AppliedOperation? FindOperation(string operationId)
    {
        foreach (var operation in RecentOperations)
        {
            if (string.Equals(operation.OperationId, operationId, StringComparison.Ordinal))
            {
                return operation;
            }
        }

        return null;
    }

    /// <summary>Remembers an operation, dropping those older than <paramref name="retention"/> and the oldest beyond <paramref name="capacity"/>.</summary>
    public void RecordOperation(AppliedOperation operation, TimeSpan retention, int capacity)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var expired = RecentOperations.FindIndex(o => operation.AppliedAt - o.AppliedAt < retention);
        RecentOperations.RemoveRange(0, expired < 0 ? RecentOperations.Count : expired);
        RecentOperations.Add(operation);
        if (RecentOperations.Count > capacity)
        {
            RecentOperations.RemoveRange(0, RecentOperations.Count - capacity);
        }
    }

    public InventoryItemState Clone()
    {
        var copy = (InventoryItemState)MemberwiseClone();
        copy.Identifiers = [.. Identifiers];
        copy.RecentOperations = [.. RecentOperations];
        copy._pendingChanges = [.. PendingChanges];
        return copy;
    }

    /// <summary>A copy as the store keeps it: the same fields, no pending changes.</summary>
    public InventoryItemState StoredCopy()
    {
        var copy = (InventoryItemState)MemberwiseClone();
        copy.Identifiers = [.. Identifiers];
        copy.RecentOperations = [.. RecentOperations];
        copy._pendingChanges = null;
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

/// <summary>An idempotent operation an item applied: its id (key and entry index), the revision it made, and when.</summary>
[GenerateSerializer, Immutable]
public sealed record AppliedOperation(
    [property: Id(0)] string OperationId,
    [property: Id(1)] long Revision,
    [property: Id(2)] DateTimeOffset AppliedAt);
