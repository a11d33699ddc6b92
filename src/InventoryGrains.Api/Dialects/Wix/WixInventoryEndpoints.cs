using InventoryGrains.Abstractions.Idempotency;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Api.Authentication;
using InventoryGrains.Api.Edge;
using InventoryGrains.Api.Edge.Idempotency;

namespace InventoryGrains.Api.Dialects.Wix;

/// <summary>The Wix Stores Catalog V3 inventory routes, translated onto the bulk coordinator.</summary>
public static class WixInventoryEndpoints
{
    private const int MaxIdLength = 256;

    public static IEndpointRouteBuilder MapWixInventoryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var wix = endpoints.MapDialectGroup(Dialect.Wix, $"{DialectRoutes.WixPrefix}/v3");
        wix.MapPost("/inventory-items", CreateAsync).WithName("WixCreateInventoryItem");
        wix.MapGet("/inventory-items/{id}", GetAsync).WithName("WixGetInventoryItem");
        wix.MapWixQueryEndpoints();
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

        var entry = ToCreate(item, 0, context);
        if (entry.Command is not { } command)
        {
            return BadRequest(entry.Problem!);
        }

        var result = (await Coordinator(grains).ExecuteAsync(context.User.GetTenant(), [command], Context(ChangeReason.Manual, returnEntity: true)))[0];
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
            (item, index) => item is null ? BulkEntry.Reject<ItemCommand>("The entry is empty.") : ToCreate(item, index, context));

    private static Task<IResult> BulkUpdateAsync(WixBulkUpdateRequest? request, HttpContext context, IGrainFactory grains) =>
        RunBulkAsync(context, grains, request?.InventoryItems, "inventoryItems", request?.Reason, request?.ReturnEntity, (entry, index) =>
        {
            if (entry?.InventoryItem is not { } item)
            {
                return BulkEntry.Reject<ItemCommand>("inventoryItem is required.");
            }

            if (!ValidId(item.Id) || item.Revision is not { } revision)
            {
                return BulkEntry.Reject<ItemCommand>("inventoryItem.id and inventoryItem.revision are required.", item.Id);
            }

            return Command(item.Id!, new UpdateInventoryItem
            {
                ExpectedRevision = revision,
                Quantity = item.Quantity,
                InStock = item.InStock,
                VariantId = item.VariantId,
                ProductId = item.ProductId,
                LocationId = item.LocationId,
                Preorder = WixMapping.ToPatch(item.PreorderInfo),
            }, index, context);
        });

    private static Task<IResult> BulkDecrementAsync(WixBulkDecrementRequest? request, HttpContext context, IGrainFactory grains) =>
        RunBulkAsync(context, grains, request?.DecrementData, "decrementData", request?.Reason, request?.ReturnEntity, (entry, index) =>
            entry is null || !ValidId(entry.InventoryItemId) || entry.DecrementBy is not { } by
                ? BulkEntry.Reject<ItemCommand>("inventoryItemId and decrementBy are required.", entry?.InventoryItemId)
                : Command(entry.InventoryItemId!, new DecrementInventory(by, entry.PreorderRequest ?? false, request!.RestrictInventory ?? true), index, context));

    private static Task<IResult> BulkIncrementAsync(WixBulkIncrementRequest? request, HttpContext context, IGrainFactory grains) =>
        RunBulkAsync(context, grains, request?.IncrementData, "incrementData", request?.Reason, request?.ReturnEntity, (entry, index) =>
            entry is null || !ValidId(entry.InventoryItemId) || entry.IncrementBy is not { } by
                ? BulkEntry.Reject<ItemCommand>("inventoryItemId and incrementBy are required.", entry?.InventoryItemId)
                : Command(entry.InventoryItemId!, new IncrementInventory(by), index, context));

    /// <summary>The Wix checks every bulk route shares, then the one bulk pipeline, then the Wix bulk answer.</summary>
    private static async Task<IResult> RunBulkAsync<T>(
        HttpContext context, IGrainFactory grains, List<T>? entries, string arrayName, string? reasonText, bool? returnEntity, Func<T, int, BulkEntry<ItemCommand>> translate)
    {
        if (BulkPipeline.CheckCount(entries?.Count ?? 0, arrayName) is { } countError)
        {
            return DialectErrors.Result(Dialect.Wix, countError);
        }

        if (!WixMapping.TryParseReason(reasonText, out var reason))
        {
            return BadRequest("reason must be one of ORDER, MANUAL, REVERT_INVENTORY_CHANGE.");
        }

        var changeContext = Context(reason, returnEntity == true);
        var outcomes = await BulkPipeline.RunAsync(context, entries!, translate, commands => Coordinator(grains).ExecuteAsync(context.User.GetTenant(), commands, changeContext));
        return TypedResults.Ok(ToResponse(outcomes, returnEntity == true));
    }

    public static WixBulkResponse ToResponse(IReadOnlyList<BulkOutcome> outcomes, bool returnEntity)
    {
        var results = outcomes.Select(outcome => outcome.Result is { } result
            ? new WixBulkResult(
                new WixItemMetadata(result.ItemId, outcome.Index, result.Success, result.Error is null ? null : WixMapping.ToWix(result.Error)),
                returnEntity && result.Item is not null ? WixMapping.ToWix(result.Item) : null)
            : new WixBulkResult(
                new WixItemMetadata(outcome.ItemId, outcome.Index, false, WixMapping.ToWix(new InventoryError(InventoryErrorCode.InvalidArgument, outcome.Problem!))),
                null)).ToList();
        var successes = results.Count(r => r.ItemMetadata.Success);
        return new WixBulkResponse(results, new WixBulkActionMetadata(successes, results.Count - successes, 0));
    }

    private static BulkEntry<ItemCommand> ToCreate(WixInventoryItem item, int index, HttpContext context)
    {
        ProductType? productType = null;
        if (item.ProductType is not null)
        {
            if (!WixMapping.TryParseEnum<ProductType>(item.ProductType, out var parsed))
            {
                return BulkEntry.Reject<ItemCommand>("productType must be PHYSICAL or DIGITAL.", item.Id);
            }

            productType = parsed;
        }

        if (item.Id is not null && !ValidId(item.Id))
        {
            return BulkEntry.Reject<ItemCommand>("id is not valid.", item.Id);
        }

        // Without an id, a repeated idempotent create names the item its first attempt created.
        var id = item.Id ?? (context.OperationIdOf(index) is { } operationId
            ? OperationItemIds.For(context.User.GetTenant(), operationId)
            : Guid.NewGuid().ToString());
        return Command(id, new CreateInventoryItem
        {
            VariantId = item.VariantId,
            ProductId = item.ProductId,
            LocationId = item.LocationId,
            Quantity = item.Quantity,
            InStock = item.InStock,
            ProductType = productType,
            Subscription = item.Subscription,
            Preorder = WixMapping.ToPatch(item.PreorderInfo),
        }, index, context);
    }

    private static BulkEntry<ItemCommand> Command(string itemId, InventoryCommand command, int index, HttpContext context) =>
        BulkEntry.Run(new ItemCommand(itemId, command) { OperationId = context.OperationIdOf(index) });

    private static ChangeContext Context(ChangeReason reason, bool returnEntity) => new(reason, Dialect.Wix.ChangeName()) { ReturnItem = returnEntity };

    private static bool ValidId(string? id) => !string.IsNullOrWhiteSpace(id) && id.Length <= MaxIdLength;

    private static IBulkCoordinatorGrain Coordinator(IGrainFactory grains) => grains.BulkCoordinator();

    private static IResult BadRequest(string message) => DialectErrors.Result(Dialect.Wix, DialectError.BadRequest(message));

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
        return TypedResults.Json(WixMapping.ToWixBody(error), DialectJson.Wix, statusCode: status);
    }
}
