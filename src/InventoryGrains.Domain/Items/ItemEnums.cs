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

public enum InventoryRestriction
{
    Discontinued,
    TemporarilyUnavailable,
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
