using System.Text.Json;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Api.Edge;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Api.Dialects.Wix;

/// <summary>Translates between Wix shapes and the core's commands and results; no rule lives here.</summary>
public static class WixMapping
{
    /// <summary>
    /// The contract's code as the Wix SDK documents it: an untracked item's decrement or increment
    /// is <c>INVENTORY_QUANTITY_NOT_TRACKED</c>; a variant already stocked at a location is
    /// <c>ITEM_ALREADY_EXISTS</c> (Wix names items by variant, never by other identifiers); an item
    /// named by variant and location that does not exist is <c>NOT_FOUND</c>.
    /// </summary>
    public static string Code(InventoryErrorCode code, bool namedByVariant = false) => code switch
    {
        InventoryErrorCode.TrackQuantityDisabled => "INVENTORY_QUANTITY_NOT_TRACKED",
        InventoryErrorCode.DuplicateIdentifier => InventoryErrorCode.ItemAlreadyExists.ContractName(),
        InventoryErrorCode.InventoryItemNotFound when namedByVariant => "NOT_FOUND",
        _ => code.ContractName(),
    };

    public static string Enum<T>(T value) where T : struct, System.Enum => JsonNamingPolicy.SnakeCaseUpper.ConvertName(value.ToString());

    public static bool TryParseEnum<T>(string? text, out T value) where T : struct, System.Enum
    {
        foreach (var candidate in System.Enum.GetValues<T>())
        {
            if (string.Equals(Enum(candidate), text, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>The reasons a Wix caller may give; SYNC belongs to other dialects.</summary>
    public static bool TryParseReason(string? text, out ChangeReason reason)
    {
        reason = ChangeReason.Manual;
        return text is null || (TryParseEnum(text, out reason) && reason != ChangeReason.Sync);
    }

    public static PreorderPatch? ToPatch(WixPreorderInfo? info) =>
        info is null ? null : new PreorderPatch(info.Enabled, info.Message, info.Limit);

    public static WixInventoryItem ToWix(InventoryItem item) => new()
    {
        Id = item.Id,
        Revision = item.Revision,
        TrackQuantity = item.TrackQuantity,
        // quantity and inStock are one-of: each is shown only under its tracking mode.
        Quantity = item.TrackQuantity ? item.Quantity : null,
        InStock = item.TrackQuantity ? null : item.InStock,
        VariantId = item.VariantId,
        ProductId = item.ProductId,
        LocationId = item.LocationId,
        ProductType = Enum(item.ProductType),
        Subscription = item.Subscription,
        PreorderInfo = new WixPreorderInfo
        {
            Enabled = item.Preorder.Enabled,
            Message = item.Preorder.Message,
            Limit = item.TrackQuantity ? item.Preorder.Limit : null,
            Counter = item.TrackQuantity ? item.Preorder.Counter : null,
            Quantity = item.TrackQuantity ? item.Preorder.Quantity : null,
        },
        AvailabilityStatus = Enum(item.AvailabilityStatus),
        CreatedDate = item.CreatedDate,
        UpdatedDate = item.UpdatedDate,
    };

    public static WixApplicationError ToWix(InventoryError error, bool namedByVariant = false) => new(Code(error.Code, namedByVariant), error.Description, Data(error));

    /// <summary>An item error as a whole-request error body (single-item routes).</summary>
    public static WixErrorBody ToWixBody(InventoryError error) => WixErrorBody.Of(Code(error.Code), error.Description, Data(error));

    private static Dictionary<string, string>? Data(InventoryError error) =>
        error.CurrentRevision is { } current
            ? new Dictionary<string, string> { ["currentRevision"] = current.ToString(System.Globalization.CultureInfo.InvariantCulture) }
            : null;
}
