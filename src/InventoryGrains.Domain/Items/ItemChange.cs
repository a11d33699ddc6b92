using System.Globalization;
using System.Text.Json;

namespace InventoryGrains.Domain.Items;

/// <summary>One entry of an item's change log (its ledger): the change that made <see cref="Revision"/>.</summary>
/// <param name="OperationId">The idempotent operation the change belongs to, when the request named one.</param>
[GenerateSerializer, Immutable]
public sealed record ChangeLogEntry(
    [property: Id(0)] long Revision,
    [property: Id(1)] ChangeReason Reason,
    [property: Id(2)] string Dialect,
    [property: Id(3)] DateTimeOffset Timestamp,
    [property: Id(4)] IReadOnlyList<FieldChange> Changes,
    [property: Id(5)] string? OperationId = null)
{
    /// <summary>What the change did (<c>decrement</c>, <c>move</c>, …); null for changes stored before it was recorded.</summary>
    [Id(6)] public ItemOperation? Operation { get; init; }

    /// <summary>The document the change belongs to, when the caller named one (a quantity operation's <c>referenceDocumentUri</c>, a reservation's id).</summary>
    [Id(7)] public string? Reference { get; init; }
}

/// <summary>One field a change altered, named as in <see cref="LedgerFields"/>.</summary>
/// <param name="Before">The value before, as JSON text (<c>5</c>, <c>true</c>, <c>"abc"</c>, <c>null</c>).</param>
/// <param name="After">The value after, as JSON text.</param>
[GenerateSerializer, Immutable]
public sealed record FieldChange(
    [property: Id(0)] string Field,
    [property: Id(1)] string Before,
    [property: Id(2)] string After);

/// <summary>The names the ledger gives an item's fields: those of the Wix item, the contract's reference shape.</summary>
public static class LedgerFields
{
    public const string TrackQuantity = "trackQuantity";
    public const string Quantity = "quantity";
    public const string InStock = "inStock";
    public const string VariantId = "variantId";
    public const string ProductId = "productId";
    public const string LocationId = "locationId";
    public const string ProductType = "productType";
    public const string Subscription = "subscription";
    public const string PreorderEnabled = "preorderInfo.enabled";
    public const string PreorderMessage = "preorderInfo.message";
    public const string PreorderLimit = "preorderInfo.limit";
    public const string PreorderCounter = "preorderInfo.counter";
    public const string QuantityOnBackorder = "quantityOnBackorder";
    public const string Restrictions = "restrictions";
    public const string LastEffectiveAt = "lastEffectiveAt";
    public const string Deleted = "deleted";
    public const string Reserved = "reserved";
    public const string Committed = "committed";
    public const string Damaged = "damaged";
    public const string SafetyStock = "safetyStock";
    public const string QualityControl = "qualityControl";
    public const string Incoming = "incoming";

    /// <summary>
    /// The ledger's name of a quantity: available keeps the name it has in every dialect and has had
    /// in the ledger since an item's first change, <c>quantity</c>; the others are named as in §15.
    /// </summary>
    public static string Of(QuantityName name) => name == QuantityName.Available ? Quantity : name.Code();

    /// <summary>The quantity a ledger field records, if it records one.</summary>
    public static QuantityName? QuantityOf(string field) => field switch
    {
        Quantity => QuantityName.Available,
        Reserved => QuantityName.Reserved,
        Committed => QuantityName.Committed,
        Damaged => QuantityName.Damaged,
        SafetyStock => QuantityName.SafetyStock,
        QualityControl => QuantityName.QualityControl,
        Incoming => QuantityName.Incoming,
        _ => null,
    };

    /// <summary>Every field that differs between two states of an item, with its values as JSON.</summary>
    public static List<FieldChange> Diff(InventoryItemState before, InventoryItemState after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<FieldChange>(2);
        Compare(changes, TrackQuantity, before.TrackQuantity, after.TrackQuantity);
        Compare(changes, Quantity, before.Quantity, after.Quantity);
        Compare(changes, InStock, before.InStock, after.InStock);
        Compare(changes, VariantId, before.VariantId, after.VariantId);
        Compare(changes, ProductId, before.ProductId, after.ProductId);
        Compare(changes, LocationId, before.LocationId, after.LocationId);
        if (before.ProductType != after.ProductType)
        {
            changes.Add(new FieldChange(ProductType, Json(before.ProductType.ContractName()), Json(after.ProductType.ContractName())));
        }

        Compare(changes, Subscription, before.Subscription, after.Subscription);
        Compare(changes, PreorderEnabled, before.PreorderEnabled, after.PreorderEnabled);
        Compare(changes, PreorderMessage, before.PreorderMessage, after.PreorderMessage);
        Compare(changes, PreorderLimit, before.PreorderLimit, after.PreorderLimit);
        Compare(changes, PreorderCounter, before.PreorderCounter, after.PreorderCounter);
        Compare(changes, QuantityOnBackorder, before.QuantityOnBackorder, after.QuantityOnBackorder);
        Compare(changes, Reserved, before.Reserved, after.Reserved);
        Compare(changes, Committed, before.Committed, after.Committed);
        Compare(changes, Damaged, before.Damaged, after.Damaged);
        Compare(changes, SafetyStock, before.SafetyStock, after.SafetyStock);
        Compare(changes, QualityControl, before.QualityControl, after.QualityControl);
        Compare(changes, Incoming, before.Incoming, after.Incoming);
        if (before.Restriction != after.Restriction)
        {
            changes.Add(new FieldChange(Restrictions, Json(Restriction(before.Restriction)), Json(Restriction(after.Restriction))));
        }

        if (before.LastEffectiveAt != after.LastEffectiveAt)
        {
            changes.Add(new FieldChange(LastEffectiveAt, Json(Time(before.LastEffectiveAt)), Json(Time(after.LastEffectiveAt))));
        }

        return changes;
    }

    private static void Compare(List<FieldChange> changes, string field, bool before, bool after)
    {
        if (before != after)
        {
            changes.Add(new FieldChange(field, Json(before), Json(after)));
        }
    }

    private static void Compare(List<FieldChange> changes, string field, int before, int after)
    {
        if (before != after)
        {
            changes.Add(new FieldChange(field, Json(before), Json(after)));
        }
    }

    private static void Compare(List<FieldChange> changes, string field, string? before, string? after)
    {
        if (!string.Equals(before, after, StringComparison.Ordinal))
        {
            changes.Add(new FieldChange(field, Json(before), Json(after)));
        }
    }

    private static string? Restriction(InventoryRestriction? restriction) => restriction?.Code();

    private static string? Time(DateTimeOffset? time) => time?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    internal static string Json(bool value) => value ? "true" : "false";

    internal static string Json(int value) => value.ToString(CultureInfo.InvariantCulture);

    internal static string Json(string? value) => value is null ? "null" : JsonSerializer.Serialize(value);
}
