using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Api.Authentication;
using InventoryGrains.Api.Http;

namespace InventoryGrains.Api.Dialects.Wix;

/// <summary>The Wix Stores Catalog V3 inventory routes, translated onto the bulk coordinator.</summary>
public static class WixInventoryEndpoints
{
    public const int MaxBulkEntries = 1000;
    private const int MaxIdLength = 256;

    public static IEndpointRouteBuilder MapWixInventoryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var wix = endpoints.MapGroup("/stores/v3").WithTags("Wix");
        wix.MapPost("/inventory-items", CreateAsync).WithName("WixCreateInventoryItem");
        wix.MapGet("/inventory-items/{id}", GetAsync).WithName("WixGetInventoryItem");
        wix.MapPost("/bulk/inventory-items/create", BulkCreateAsync).WithName("WixBulkCreateInventoryItems");
        wix.MapPost("/bulk/inventory-items/update", BulkUpdateAsync).WithName("WixBulkUpdateInventoryItems");
        wix.MapPost("/bulk/inventory-items/decrement", BulkDecrementAsync).WithName("WixBulkDecrementInventoryItems");
        wix.MapPost("/bulk/inventory-items/increment", BulkIncrementAsync).WithName("WixBulkIncrementInventoryItems");
        return endpoints;
    }

    private static async Task<IResult> CreateAsync(WixCreateRequest? request, HttpContext context, IGrainFactory grains)
    {
        if (request?.InventoryItem is not { } item)
        {
            return BadRequest("inventoryItem is required.");
        }

        var entry = ToCreate(item);
        if (entry.Error is not null)
        {
            return ItemError(entry.Error);
        }

        var result = (await Coordinator(grains).ExecuteAsync(context.User.GetTenant(), [entry.Command!], new ChangeContext(ChangeReason.Manual, WixMapping.DialectName)))[0];
        return result.Item is { } created ? TypedResults.Ok(new WixItemResponse(WixMapping.ToWix(created))) : ItemError(result.Error!);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, IGrainFactory grains)
    {
        if (!ValidId(id))
        {
            return BadRequest("The inventory item id is not valid.");
        }

        var result = await grains.GetGrain<IInventoryItemGrain>(InventoryItemKey.Format(context.User.GetTenant(), id)).GetAsync();
        return result.Item is { } item ? TypedResults.Ok(new WixItemResponse(WixMapping.ToWix(item))) : ItemError(result.Error!);
    }

    private static Task<IResult> BulkCreateAsync(WixBulkCreateRequest? request, HttpContext context, IGrainFactory grains) =>
        RunBulkAsync(context, grains, request?.InventoryItems, "inventoryItems", null, request?.ReturnEntity,
            item => item is null ? Invalid("The entry is empty.") : ToCreate(item));

    private static Task<IResult> BulkUpdateAsync(WixBulkUpdateRequest? request, HttpContext context, IGrainFactory grains) =>
        RunBulkAsync(context, grains, request?.InventoryItems, "inventoryItems", request?.Reason, request?.ReturnEntity, entry =>
        {
            if (entry?.InventoryItem is not { } item)
            {
                return Invalid("inventoryItem is required.");
            }

            if (!ValidId(item.Id) || item.Revision is not { } revision)
            {
                return Invalid("inventoryItem.id and inventoryItem.revision are required.", item.Id);
            }

            return new BulkEntry(new ItemCommand(item.Id!, new UpdateInventoryItem
            {
                ExpectedRevision = revision,
                Quantity = item.Quantity,
                InStock = item.InStock,
                VariantId = item.VariantId,
                ProductId = item.ProductId,
                LocationId = item.LocationId,
                Preorder = WixMapping.ToPatch(item.PreorderInfo),
            }), null);
        });

    private static Task<IResult> BulkDecrementAsync(WixBulkDecrementRequest? request, HttpContext context, IGrainFactory grains) =>
        RunBulkAsync(context, grains, request?.DecrementData, "decrementData", request?.Reason, request?.ReturnEntity, entry =>
            entry is null || !ValidId(entry.InventoryItemId) || entry.DecrementBy is not { } by
                ? Invalid("inventoryItemId and decrementBy are required.", entry?.InventoryItemId)
                : new BulkEntry(new ItemCommand(entry.InventoryItemId!, new DecrementInventory(by, entry.PreorderRequest ?? false, request!.RestrictInventory ?? true)), null));

    private static Task<IResult> BulkIncrementAsync(WixBulkIncrementRequest? request, HttpContext context, IGrainFactory grains) =>
        RunBulkAsync(context, grains, request?.IncrementData, "incrementData", request?.Reason, request?.ReturnEntity, entry =>
            entry is null || !ValidId(entry.InventoryItemId) || entry.IncrementBy is not { } by
                ? Invalid("inventoryItemId and incrementBy are required.", entry?.InventoryItemId)
                : new BulkEntry(new ItemCommand(entry.InventoryItemId!, new IncrementInventory(by)), null));

    /// <summary>
    /// The whole-request checks every Wix bulk route shares, then one coordinator call for the
    /// entries whose shape is valid; entries with a bad shape fail on their own.
    /// </summary>
    private static async Task<IResult> RunBulkAsync<T>(
        HttpContext context, IGrainFactory grains, List<T>? entries, string arrayName, string? reasonText, bool? returnEntity, Func<T, BulkEntry> translate)
    {
        if (entries is null || entries.Count == 0)
        {
            return BadRequest($"{arrayName} must hold at least one entry.");
        }

        if (entries.Count > MaxBulkEntries)
        {
            return BadRequest($"{arrayName} holds {entries.Count} entries; at most {MaxBulkEntries} are accepted.");
        }

        if (!WixMapping.TryParseReason(reasonText, out var reason))
        {
            return BadRequest("reason must be one of ORDER, MANUAL, REVERT_INVENTORY_CHANGE.");
        }

        var translated = entries.Select(translate).ToList();
        var valid = translated.Where(e => e.Command is not null).Select(e => e.Command!).ToList();
        var executed = valid.Count == 0 ? [] : await Coordinator(grains).ExecuteAsync(context.User.GetTenant(), valid, new ChangeContext(reason, WixMapping.DialectName));

        var results = new List<WixBulkResult>(translated.Count);
        var next = 0;
        for (var index = 0; index < translated.Count; index++)
        {
            var entry = translated[index];
            if (entry.Command is null)
            {
                results.Add(new WixBulkResult(new WixItemMetadata(entry.Id, index, false, WixMapping.ToWix(entry.Error!)), null));
                continue;
            }

            var result = executed[next++];
            results.Add(new WixBulkResult(
                new WixItemMetadata(result.ItemId, index, result.Success, result.Error is null ? null : WixMapping.ToWix(result.Error)),
                returnEntity == true && result.Item is not null ? WixMapping.ToWix(result.Item) : null));
        }

        var successes = results.Count(r => r.ItemMetadata.Success);
        return TypedResults.Ok(new WixBulkResponse(results, new WixBulkActionMetadata(successes, results.Count - successes, 0)));
    }

    private static BulkEntry ToCreate(WixInventoryItem item)
    {
        ProductType? productType = null;
        if (item.ProductType is not null)
        {
            if (!WixMapping.TryParseEnum<ProductType>(item.ProductType, out var parsed))
            {
                return Invalid("productType must be PHYSICAL or DIGITAL.", item.Id);
            }

            productType = parsed;
        }

        if (item.Id is not null && !ValidId(item.Id))
        {
            return Invalid("id is not valid.", item.Id);
        }

        var id = item.Id ?? Guid.NewGuid().ToString();
        return new BulkEntry(new ItemCommand(id, new CreateInventoryItem
        {
            VariantId = item.VariantId,
            ProductId = item.ProductId,
            LocationId = item.LocationId,
            Quantity = item.Quantity,
            InStock = item.InStock,
            ProductType = productType,
            Subscription = item.Subscription,
            Preorder = WixMapping.ToPatch(item.PreorderInfo),
        }), null);
    }

    private static bool ValidId(string? id) => !string.IsNullOrWhiteSpace(id) && id.Length <= MaxIdLength;

    private static BulkEntry Invalid(string description, string? id = null) =>
        new(null, new InventoryError(InventoryErrorCode.InvalidArgument, description), id);

    private static IBulkCoordinatorGrain Coordinator(IGrainFactory grains) => grains.GetGrain<IBulkCoordinatorGrain>(0);

    private static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<System.Text.Json.Nodes.JsonObject> BadRequest(string message) =>
        TypedResults.Json(DialectErrors.Body(Dialect.Wix, DialectError.BadRequest(message)), statusCode: StatusCodes.Status400BadRequest);

    /// <summary>A single-item route's error: the item error in the Wix error shape, with its HTTP status.</summary>
    private static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<WixErrorBody> ItemError(InventoryError error)
    {
        var status = error.Code switch
        {
            InventoryErrorCode.InvalidArgument => StatusCodes.Status400BadRequest,
            InventoryErrorCode.InventoryItemNotFound => StatusCodes.Status404NotFound,
            InventoryErrorCode.RevisionMismatch => StatusCodes.Status409Conflict,
            InventoryErrorCode.Unavailable => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status428PreconditionRequired,
        };
        var body = new WixErrorBody(error.Description, new WixErrorDetails(WixMapping.ToWix(error)));
        return TypedResults.Json(body, statusCode: status);
    }

    private sealed record BulkEntry(ItemCommand? Command, InventoryError? Error, string? Id = null);

    private sealed record WixErrorBody(string Message, WixErrorDetails Details);

    private sealed record WixErrorDetails(WixApplicationError ApplicationError);
}
