using InventoryGrains.Domain.Items;

namespace InventoryGrains.Abstractions.Inventory.Queries;

/// <summary>The fields of an item that queries filter, sort and aggregate on: those the store keeps as typed columns.</summary>
public enum ItemField
{
    Id,
    VariantId,
    ProductId,
    LocationId,
    TrackQuantity,

    /// <summary>The stock count; absent (null) while the item is not tracked by quantity, as in the item the dialects show.</summary>
    Quantity,

    /// <summary>The in-stock flag; absent (null) while the item is tracked by quantity, as in the item the dialects show.</summary>
    InStock,

    /// <summary>The status name as the contract spells it (<c>IN_STOCK</c>, <c>OUT_OF_STOCK</c>, <c>PREORDER</c>).</summary>
    AvailabilityStatus,
    PreorderEnabled,
    CreatedDate,
    UpdatedDate,

    // Quantities by state (SPEC §15): absent (null) while the item is not tracked by quantity, as the quantity is.
    Reserved,
    Committed,
    Damaged,
    SafetyStock,
    QualityControl,
    Incoming,

    /// <summary>Derived: every state on hand (all but incoming).</summary>
    OnHand,
}

/// <summary>The type of a field's values.</summary>
public enum ItemValueType
{
    Text,
    Boolean,
    Number,
    Timestamp,
}

public static class ItemFields
{
    public static ItemValueType TypeOf(ItemField field) => field switch
    {
        ItemField.TrackQuantity or ItemField.InStock or ItemField.PreorderEnabled => ItemValueType.Boolean,
        ItemField.Quantity => ItemValueType.Number,
        _ when QuantityOf(field) is not null => ItemValueType.Number,
        ItemField.CreatedDate or ItemField.UpdatedDate => ItemValueType.Timestamp,
        _ => ItemValueType.Text,
    };

    /// <summary>Whether an item can lack a value for the field (it then compares as greater than every value).</summary>
    public static bool IsNullable(ItemField field) => field is ItemField.ProductId or ItemField.Quantity or ItemField.InStock || QuantityOf(field) is not null;

    /// <summary>The quantity by state a field is, if it is one (available is <see cref="ItemField.Quantity"/>).</summary>
    public static QuantityName? QuantityOf(ItemField field) => field switch
    {
        ItemField.Reserved => QuantityName.Reserved,
        ItemField.Committed => QuantityName.Committed,
        ItemField.Damaged => QuantityName.Damaged,
        ItemField.SafetyStock => QuantityName.SafetyStock,
        ItemField.QualityControl => QuantityName.QualityControl,
        ItemField.Incoming => QuantityName.Incoming,
        ItemField.OnHand => QuantityName.OnHand,
        _ => null,
    };

    /// <summary>
    /// Whether a caller may sort by the field. Id, variant and location are identifiers, not orders
    /// (as in Wix); the id still breaks ties of every order.
    /// </summary>
    public static bool IsSortable(ItemField field) => field is not (ItemField.Id or ItemField.VariantId or ItemField.LocationId);

    /// <summary>The field's value in <paramref name="item"/>, null when the item lacks it.</summary>
    public static ItemValue? ValueOf(InventoryItem item, ItemField field)
    {
        ArgumentNullException.ThrowIfNull(item);
        return field switch
        {
            ItemField.Id => ItemValue.Of(item.Id),
            ItemField.VariantId => ItemValue.Of(item.VariantId),
            ItemField.ProductId => item.ProductId is { } product ? ItemValue.Of(product) : null,
            ItemField.LocationId => ItemValue.Of(item.LocationId),
            ItemField.TrackQuantity => ItemValue.Of(item.TrackQuantity),
            ItemField.Quantity => item.TrackQuantity ? ItemValue.Of(item.Quantity) : null,
            ItemField.InStock => item.TrackQuantity ? null : ItemValue.Of(item.InStock),
            ItemField.AvailabilityStatus => ItemValue.Of(item.AvailabilityStatus.ContractName()),
            ItemField.PreorderEnabled => ItemValue.Of(item.Preorder.Enabled),
            ItemField.CreatedDate => ItemValue.Of(item.CreatedDate),
            ItemField.UpdatedDate => ItemValue.Of(item.UpdatedDate),
            _ when QuantityOf(field) is { } name => item.TrackQuantity && item.Quantities is { } quantities ? ItemValue.Of(quantities[name]) : null,
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
        };
    }
}
