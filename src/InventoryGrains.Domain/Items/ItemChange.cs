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
    [property: Id(5)] string? OperationId = null);

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
