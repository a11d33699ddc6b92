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

/// <summary>Why a change was made; recorded in the item's change log.</summary>
public enum ChangeReason
{
    Order,
    Manual,
    RevertInventoryChange,
    Sync,
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
}
