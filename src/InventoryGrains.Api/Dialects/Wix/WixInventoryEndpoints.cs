using InventoryGrains.Abstractions.Idempotency;
using InventoryGrains.Domain.Operations;
using InventoryGrains.Abstractions.Identifiers;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Api.Authentication;
using InventoryGrains.Api.Edge;
using InventoryGrains.Api.Edge.Idempotency;
using InventoryGrains.Api.Edge.OpenApi;
using InventoryGrains.Domain.Items;
using InventoryGrains.Domain.Identifiers;

namespace InventoryGrains.Api.Dialects.Wix;

/// <summary>The Wix Stores Catalog V3 inventory routes, translated onto the bulk coordinator.</summary>
public static class WixInventoryEndpoints
{
    private const int MaxIdLength = 256;

    public static IEndpointRouteBuilder MapWixInventoryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var wix = endpoints.MapDialectGroup(WixDialect.Instance, "/v3");
        wix.MapPost("/inventory-items", CreateAsync).WithName("WixCreateInventoryItem").Documented(WixDocs.Create);
        wix.MapGet("/inventory-items/{id}", GetAsync).WithName("WixGetInventoryItem").Documented(WixDocs.Get);
        wix.MapWixQueryEndpoints();
        wix.MapWixFilterJobEndpoints();
        wix.MapPatch("/inventory-items/{id}", UpdateAsync).WithName("WixUpdateInventoryItem").Documented(WixDocs.Update);
        wix.MapDelete("/inventory-items/{id}", DeleteAsync).WithName("WixDeleteInventoryItem").Documented(WixDocs.Delete);
        wix.MapPost("/bulk/inventory-items/delete", BulkDeleteAsync).WithName("WixBulkDeleteInventoryItems").Documented(WixDocs.BulkDelete);
        wix.MapPost("/bulk/inventory-items/upsert", BulkUpsertAsync).WithName("WixBulkUpsertInventoryItems").Documented(WixDocs.BulkUpsert);
        wix.MapPost("/bulk/inventory-items/decrement-by-variant-and-location", BulkDecrementByVariantAsync).WithName("WixBulkDecrementInventoryItemsByVariantAndLocation").Documented(WixDocs.BulkDecrementByVariant);
        wix.MapPost("/bulk/inventory-items/increment-by-variant-and-location", BulkIncrementByVariantAsync).WithName("WixBulkIncrementInventoryItemsByVariantAndLocation").Documented(WixDocs.BulkIncrementByVariant);
        wix.MapPost("/bulk/inventory-items/create", BulkCreateAsync).WithName("WixBulkCreateInventoryItems").Documented(WixDocs.BulkCreate);
        wix.MapPost("/bulk/inventory-items/update", BulkUpdateAsync).WithName("WixBulkUpdateInventoryItems").Documented(WixDocs.BulkUpdate);
        wix.MapPost("/bulk/inventory-items/decrement", BulkDecrementAsync).WithName("WixBulkDecrementInventoryItems").Documented(WixDocs.BulkDecrement);
        wix.MapPost("/bulk/inventory-items/increment", BulkIncrementAsync).WithName("WixBulkIncrementInventoryItems").Documented(WixDocs.BulkIncrement);
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

        var outcome = await ExecuteOneAsync(context, grains, command, Context(ChangeReason.Manual, returnEntity: true));
        return ItemAnswer(outcome);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, IGrainFactory grains)
    {
        if (!ValidId(id))
        {
            return BadRequest("The inventory item id is not valid.");
        }

        var item = await grains.GetGrain<IInventoryItemGrain>(InventoryItemKey.Format(context.User.GetTenant(), id)).GetAsync();
        return item is not null
            ? TypedResults.Ok(new WixItemResponse(WixMapping.ToWix(item)))
            : ItemError(new InventoryError(InventoryErrorCode.InventoryItemNotFound, $"Inventory item '{id}' was not found."));
    }

    /// <summary>A partial update of one item: the given fields change, at the revision the caller quotes.</summary>
    private static async Task<IResult> UpdateAsync(string id, WixUpdateRequest? request, HttpContext context, IGrainFactory grains)
    {
        if (!ValidId(id))
        {
            return BadRequest("The inventory item id is not valid.");
        }

        if (request?.InventoryItem is not { } item)
        {
            return BadRequest("inventoryItem is required.");
        }

        if (item.Id is not null && !string.Equals(item.Id, id, StringComparison.Ordinal))
        {
            return BadRequest("inventoryItem.id differs from the id in the path.");
        }

        if (item.Revision is not { } revision)
        {
            return BadRequest("inventoryItem.revision is required.");
        }

        if (!WixMapping.TryParseReason(request.Reason, out var reason))
        {
            return BadRequest("reason must be one of ORDER, MANUAL, REVERT_INVENTORY_CHANGE.");
        }

        var update = ToUpdate(item, revision, fieldMask: null);
        if (NamesNothingKnown(update, item) is { } nothing)
        {
            return BadRequest(nothing);
        }

        var command = new ItemCommand(id, update) { OperationId = context.OperationIdOf(0) };
        var outcome = await ExecuteOneAsync(context, grains, command, Context(reason, returnEntity: true));
        return ItemAnswer(outcome);
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext context, IGrainFactory grains)
    {
        if (!ValidId(id))
        {
            return BadRequest("The inventory item id is not valid.");
        }

        var command = new ItemCommand(id, new DeleteInventoryItem()) { OperationId = context.OperationIdOf(0) };
        var outcome = await ExecuteOneAsync(context, grains, command, Context(ChangeReason.Manual, returnEntity: false));
        return outcome.Match<IResult>(_ => TypedResults.Ok(new WixEmptyResponse()), rejected => ItemError(rejected.Error));
    }

    /// <summary>One command through the coordinator, noting an unknown outcome for the idempotency layer.</summary>
    private static async Task<ItemOutcome> ExecuteOneAsync(HttpContext context, IGrainFactory grains, ItemCommand command, ChangeContext changeContext)
    {
        var outcome = (await Coordinator(grains).ExecuteAsync(context.User.GetTenant(), [command], changeContext))[0];
        if (outcome is ItemRejected { Code: InventoryErrorCode.Unavailable })
        {
            context.NoteUnknownOutcome();
        }

        return outcome;
    }

    /// <summary>
    /// A single-item change's answer: the item as it is now (after a replay, later changes
    /// included), or the error. An item deleted since the change was applied is not found.
    /// </summary>
    private static IResult ItemAnswer(ItemOutcome outcome) => outcome.Match<IResult>(
        applied => applied.Item is { } item
            ? TypedResults.Ok(new WixItemResponse(WixMapping.ToWix(item)))
            : ItemError(new InventoryError(InventoryErrorCode.InventoryItemNotFound,
                $"The change was applied (revision {applied.Revision}), and inventory item '{applied.ItemId}' has been deleted since.")),
        rejected => ItemError(rejected.Error));

    private static Task<IResult> BulkDeleteAsync(WixBulkDeleteRequest? request, HttpContext context, IGrainFactory grains) =>
        RunBulkAsync(context, grains, request?.InventoryItemIds, "inventoryItemIds", null, returnEntity: false, (id, index) =>
            ValidId(id) ? Command(id!, new DeleteInventoryItem(), index, context) : BulkEntry.Reject<ItemCommand>("Each inventory item id must be 1 to 256 characters.", id));

    /// <summary>
    /// Creates the item of each entry's variant at its location, or, when there is one, sets the
    /// entry's fields on it (those of its field mask) at whatever revision it is.
    /// </summary>
    private static Task<IResult> BulkUpsertAsync(WixBulkUpsertRequest? request, HttpContext context, IGrainFactory grains) =>
        DuplicateUpsertKeys(request?.InventoryItems) is { } duplicates
            ? Task.FromResult<IResult>(TypedResults.Json(duplicates, WixDialect.Instance.Json, statusCode: StatusCodes.Status400BadRequest))
            : RunVariantBulkAsync(context, grains, request?.InventoryItems, "inventoryItems", null, request?.ReturnEntity, (entry, index) =>
        {
            if (entry?.InventoryItem is not { } item || string.IsNullOrWhiteSpace(item.VariantId))
            {
                return BulkEntry.Reject<IdentifiedCommand>("inventoryItem.variantId is required.");
            }

            var create = ToCreate(item, index, context);
            if (create.Command is not { } creation)
            {
                return BulkEntry.Reject<IdentifiedCommand>(create.Problem!);
            }

            return BulkEntry.Run(new IdentifiedCommand(
                Location(item.LocationId), [new(IdentifierKind.Variant, item.VariantId)], IdentifiedMode.Upsert,
                (CreateInventoryItem)creation.Command, ToUpdate(item, expectedRevision: null, entry.FieldMask))
            { OperationId = context.OperationIdOf(index) });
        });

    /// <summary>
    /// Two entries of one upsert for the same variant at the same location: the request is refused
    /// as a whole (which of them would win is not the caller's to guess), naming each repeat.
    /// </summary>
    private static WixValidationErrorBody? DuplicateUpsertKeys(List<WixUpdateEntry?>? entries)
    {
        var first = new Dictionary<(string Variant, string Location), int>();
        var violations = new List<WixFieldViolation>();
        for (var index = 0; index < (entries?.Count ?? 0); index++)
        {
            if (entries![index]?.InventoryItem is not { VariantId: { } variant } item || string.IsNullOrWhiteSpace(variant))
            {
                continue;
            }

            var key = (variant, Location(item.LocationId));
            if (first.TryGetValue(key, out var earlier))
            {
                violations.Add(new WixFieldViolation(
                    $"inventoryItems[{index}].inventoryItem.variantId",
                    $"Entry {index} names variant '{variant}' at location '{key.Item2}' as entry {earlier} does; upsert each variant and location once.",
                    "OTHER",
                    "DUPLICATE_BULK_UPSERT_KEY"));
            }
            else
            {
                first[key] = index;
            }
        }

        return violations.Count == 0
            ? null
            : WixValidationErrorBody.Of($"{violations.Count} {(violations.Count == 1 ? "entry names" : "entries name")} a variant and location an earlier entry names; nothing was changed.", violations);
    }

    private static Task<IResult> BulkDecrementByVariantAsync(WixBulkVariantDecrementRequest? request, HttpContext context, IGrainFactory grains) =>
        RunVariantBulkAsync(context, grains, request?.DecrementData, "decrementData", request?.Reason, request?.ReturnEntity, (entry, index) =>
            entry is null || string.IsNullOrWhiteSpace(entry.VariantId) || entry.DecrementBy is not { } by
                ? BulkEntry.Reject<IdentifiedCommand>("variantId and decrementBy are required.")
                : ByVariant(entry.VariantId, entry.LocationId, new DecrementInventory(by, entry.PreorderRequest ?? false, request!.RestrictInventory ?? true), index, context));

    private static Task<IResult> BulkIncrementByVariantAsync(WixBulkVariantIncrementRequest? request, HttpContext context, IGrainFactory grains) =>
        RunVariantBulkAsync(context, grains, request?.IncrementData, "incrementData", request?.Reason, request?.ReturnEntity, (entry, index) =>
            entry is null || string.IsNullOrWhiteSpace(entry.VariantId) || entry.IncrementBy is not { } by
                ? BulkEntry.Reject<IdentifiedCommand>("variantId and incrementBy are required.")
                : ByVariant(entry.VariantId, entry.LocationId, new IncrementInventory(by), index, context));

    private static BulkEntry<IdentifiedCommand> ByVariant(string variantId, string? locationId, InventoryCommand change, int index, HttpContext context) =>
        BulkEntry.Run(new IdentifiedCommand(Location(locationId), [new(IdentifierKind.Variant, variantId)], IdentifiedMode.Change, null, change)
        {
            OperationId = context.OperationIdOf(index),
        });

    private static string Location(string? locationId) => Locations.OrDefault(locationId);

    /// <summary>
    /// An update that sets no field because its only other properties are of no field (a misspelt
    /// <c>quantiy</c>): refused naming them, rather than left to the item's "nothing to change".
    /// </summary>
    private static string? NamesNothingKnown(UpdateInventoryItem update, WixInventoryItem item) =>
        update.SetsNothing && item.UnknownProperties is { Count: > 0 } unknown
            ? $"inventoryItem names no field that can change; unknown properties: {string.Join(", ", unknown.Keys.Order(StringComparer.Ordinal))}."
            : null;

    /// <summary>An update of the given fields (only those in <paramref name="fieldMask"/>, when there is one).</summary>
    private static UpdateInventoryItem ToUpdate(WixInventoryItem item, long? expectedRevision, string? fieldMask)
    {
        var mask = fieldMask?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        bool Set(string field) => mask is null || mask.Contains(field) || mask.Any(m => m.StartsWith(field + ".", StringComparison.Ordinal));
        return new UpdateInventoryItem
        {
            ExpectedRevision = expectedRevision,
            Quantity = Set("quantity") ? item.Quantity : null,
            InStock = Set("inStock") ? item.InStock : null,
            VariantId = item.VariantId,
            ProductId = Set("productId") ? item.ProductId : null,
            LocationId = item.LocationId,
            Preorder = Set("preorderInfo") ? WixMapping.ToPatch(item.PreorderInfo) : null,
        };
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

            var update = ToUpdate(item, revision, entry.FieldMask);
            return NamesNothingKnown(update, item) is { } nothing
                ? BulkEntry.Reject<ItemCommand>(nothing, item.Id)
                : Command(item.Id!, update, index, context);
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
    private static Task<IResult> RunBulkAsync<T>(
        HttpContext context, IGrainFactory grains, List<T>? entries, string arrayName, string? reasonText, bool? returnEntity, Func<T, int, BulkEntry<ItemCommand>> translate) =>
        RunBulkAsync(context, entries, arrayName, reasonText, returnEntity, translate, namedByVariant: false,
            (commands, changeContext) => Coordinator(grains).ExecuteAsync(context.User.GetTenant(), commands, changeContext));

    /// <summary>The same, for the routes that name items by variant and location.</summary>
    private static Task<IResult> RunVariantBulkAsync<T>(
        HttpContext context, IGrainFactory grains, List<T>? entries, string arrayName, string? reasonText, bool? returnEntity, Func<T, int, BulkEntry<IdentifiedCommand>> translate) =>
        RunBulkAsync(context, entries, arrayName, reasonText, returnEntity, translate, namedByVariant: true,
            (commands, changeContext) => Coordinator(grains).ExecuteByIdentifierAsync(context.User.GetTenant(), commands, changeContext));

    private static async Task<IResult> RunBulkAsync<T, TCommand>(
        HttpContext context,
        List<T>? entries,
        string arrayName,
        string? reasonText,
        bool? returnEntity,
        Func<T, int, BulkEntry<TCommand>> translate,
        bool namedByVariant,
        Func<IReadOnlyList<TCommand>, ChangeContext, Task<IReadOnlyList<ItemOutcome>>> execute)
        where TCommand : class
    {
        if (BulkPipeline.CheckCount(entries?.Count ?? 0, arrayName) is { } countError)
        {
            return WixDialect.Instance.ErrorResult(countError);
        }

        if (!WixMapping.TryParseReason(reasonText, out var reason))
        {
            return BadRequest("reason must be one of ORDER, MANUAL, REVERT_INVENTORY_CHANGE.");
        }

        var changeContext = Context(reason, returnEntity == true);
        var outcomes = await BulkPipeline.RunAsync(context, entries!, translate, commands => execute(commands, changeContext));
        return TypedResults.Ok(ToResponse(outcomes, returnEntity == true, namedByVariant));
    }

    public static WixBulkResponse ToResponse(IReadOnlyList<BulkOutcome> outcomes, bool returnEntity, bool namedByVariant = false)
    {
        var results = outcomes.Select(outcome => outcome.Match(
            applied => new WixBulkResult(
                new WixItemMetadata(outcome.ItemId, outcome.Index, true, null),
                returnEntity && applied.Item is { } item ? WixMapping.ToWix(item) : null),
            rejected => new WixBulkResult(
                new WixItemMetadata(outcome.ItemId, outcome.Index, false, WixMapping.ToWix(rejected.Error, namedByVariant)),
                null),
            problem => new WixBulkResult(
                new WixItemMetadata(outcome.ItemId, outcome.Index, false, WixMapping.ToWix(new InventoryError(InventoryErrorCode.InvalidArgument, problem))),
                null))).ToList();
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
            ? OperationIds.CreatedIdOf(context.User.GetTenant(), operationId)
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

    private static ChangeContext Context(ChangeReason reason, bool returnEntity) => new(reason, WixDialect.Instance.Name) { ReturnItem = returnEntity };

    private static bool ValidId(string? id) => !string.IsNullOrWhiteSpace(id) && id.Length <= MaxIdLength;

    private static IBulkCoordinatorGrain Coordinator(IGrainFactory grains) => grains.BulkCoordinator();

    private static IResult BadRequest(string message) => WixDialect.Instance.ErrorResult(DialectError.BadRequest(message));

    /// <summary>A single-item route's error: the item error in the Wix error shape, with its HTTP status.</summary>
    internal static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<WixErrorBody> ItemError(InventoryError error)
    {
        var status = error.Code switch
        {
            InventoryErrorCode.InvalidArgument => StatusCodes.Status400BadRequest,
            InventoryErrorCode.InventoryItemNotFound => StatusCodes.Status404NotFound,
            InventoryErrorCode.RevisionMismatch or InventoryErrorCode.ItemAlreadyExists or InventoryErrorCode.ItemHasReservations => StatusCodes.Status409Conflict,
            InventoryErrorCode.Unavailable => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status428PreconditionRequired,
        };
        return TypedResults.Json(WixMapping.ToWixBody(error), WixDialect.Instance.Json, statusCode: status);
    }
}
