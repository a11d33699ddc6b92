namespace InventoryGrains.Domain.Items;

public enum ProductType
{
    Physical,
    Digital,
}

public enum AvailabilityStatus
{
    InStock,
    Preorder,
    OutOfStock,
}

/// <summary>
/// Why a change was made; recorded in the item's ledger. The first four are the dialects' (Wix's
/// reasons, and the syncs of Crux and BSPK); the quantity operations take Shopify's reasons; the
/// reservations record their transitions. Spelled by <see cref="ChangeReasons.Code"/>.
/// </summary>
public enum ChangeReason
{
    Order,
    Manual,
    RevertInventoryChange,
    Sync,
    Correction,
    CycleCountAvailable,
    Damaged,
    MovementCreated,
    MovementUpdated,
    MovementReceived,
    MovementCanceled,
    Other,
    Promotion,
    QualityControl,
    Received,
    Restock,
    SafetyStock,
    Shrinkage,
    ReservationCreated,
    ReservationReleased,
    ReservationExpired,
    ReservationConfirmed,
    ReservationFulfilled,
    ReservationCanceled,
}

public static class ChangeReasons
{
    private static readonly Dictionary<ChangeReason, string> Codes = Enum.GetValues<ChangeReason>().ToDictionary(
        reason => reason,
        reason => reason <= ChangeReason.Sync ? reason.ContractName() : reason.ContractName().ToLowerInvariant());

    private static readonly Dictionary<string, ChangeReason> ByCode = Codes.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

    /// <summary>
    /// The reasons a caller may give a quantity operation (Shopify's), as they are spelled:
    /// <c>correction</c>, <c>cycle_count_available</c>, … <c>shrinkage</c>.
    /// </summary>
    public static IReadOnlyList<ChangeReason> QuantityReasons { get; } = [.. Enum.GetValues<ChangeReason>().Where(reason => reason is >= ChangeReason.Correction and <= ChangeReason.Shrinkage)];

    /// <summary>How the ledger, the feed and webhooks spell the reason: the dialects' in upper case (<c>ORDER</c>), the others in lower case (<c>cycle_count_available</c>, <c>reservation_created</c>).</summary>
    public static string Code(this ChangeReason reason) => Codes[reason];

    public static bool TryParse(string? code, out ChangeReason reason)
    {
        reason = default;
        return code is not null && ByCode.TryGetValue(code, out reason);
    }
}

/// <summary>What a change did, recorded with it in the ledger (<c>create</c>, <c>decrement</c>, <c>move</c>, …).</summary>
public enum ItemOperation
{
    Create,
    Update,
    Decrement,
    Increment,
    Adjust,
    Sync,
    Delete,
    Set,
    Move,
    Reserve,
    Release,
    Expire,
    Confirm,
    Fulfil,
    Cancel,
}

public static class ItemOperations
{
    /// <summary>The ledger's spelling: lower case.</summary>
    public static string Code(this ItemOperation operation) => operation.ContractName().ToLowerInvariant();

    public static bool TryParse(string? code, out ItemOperation operation)
    {
        foreach (var candidate in Enum.GetValues<ItemOperation>())
        {
            if (string.Equals(candidate.Code(), code, StringComparison.Ordinal))
            {
                operation = candidate;
                return true;
            }
        }

        operation = default;
        return false;
    }
}

/// <summary>Why an item is not sold although it may have stock; the contract spells them <c>discontd</c> and <c>tmpunavail</c>.</summary>
public enum InventoryRestriction
{
    Discontinued,
    TemporarilyUnavailable,
}

public static class InventoryRestrictions
{
    private const string DiscontinuedCode = "discontd";
    private const string TemporarilyUnavailableCode = "tmpunavail";

    /// <summary>The contract's spelling, as callers send it and the ledger records it.</summary>
    public static string Code(this InventoryRestriction restriction) => restriction switch
    {
        InventoryRestriction.Discontinued => DiscontinuedCode,
        InventoryRestriction.TemporarilyUnavailable => TemporarilyUnavailableCode,
        _ => throw new ArgumentOutOfRangeException(nameof(restriction), restriction, null),
    };

    /// <summary>The restriction a contract code names, if it names one.</summary>
    public static bool TryParse(string? code, out InventoryRestriction restriction)
    {
        (var known, restriction) = code switch
        {
            DiscontinuedCode => (true, InventoryRestriction.Discontinued),
            TemporarilyUnavailableCode => (true, InventoryRestriction.TemporarilyUnavailable),
            _ => (false, default),
        };
        return known;
    }

    /// <summary>The codes, for messages: <c>discontd, tmpunavail</c>.</summary>
    public static string Codes => $"{DiscontinuedCode}, {TemporarilyUnavailableCode}";
}

/// <summary>The per-item error codes of the contract, shared by every dialect.</summary>
public enum InventoryErrorCode
{
    InventoryItemNotFound,
    RevisionMismatch,
    InvalidArgument,
    RequestedQuantityMustBeNonNegativeDecreasing,
    PreOrderValidation,
    TrackQuantityDisabled,
    InsufficientInventory,
    PreorderLimitExceeded,
    DuplicateIdentifier,
    Unavailable,

    /// <summary>A time-ordered sync older than (or as old as) the last one applied; nothing changed.</summary>
    StaleEffectiveTime,

    /// <summary>A sync named a product the item does not belong to; nothing changed.</summary>
    ProductMismatch,

    /// <summary>
    /// The item id is taken, or another item already is this variant at this location (an item
    /// is unique per tenant, variant and location); nothing changed.
    /// </summary>
    ItemAlreadyExists,

    /// <summary>A quantity is not the value the caller said it changes from (its <c>changeFromQuantity</c>).</summary>
    ChangeFromQuantityStale,

    /// <summary>A quantity other than available would go below zero.</summary>
    QuantityMustBeNonNegative,

    /// <summary>The item has quantities reserved or committed: it can neither be deleted nor stop tracking.</summary>
    ItemHasReservations,
}
