using System.Text.Json;
using InventoryGrains.Abstractions.Idempotency;
using InventoryGrains.Domain.Operations;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Abstractions.Inventory.Jobs;
using InventoryGrains.Abstractions.Inventory.Queries;
using InventoryGrains.Api.Authentication;
using InventoryGrains.Api.Edge;
using InventoryGrains.Api.Edge.Idempotency;
using InventoryGrains.Api.Edge.OpenApi;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Api.Dialects.Wix;

/// <summary>
/// The Wix by-filter methods: each answers <c>{jobId}</c> at once and leaves the work to a durable
/// job (<see cref="IItemFilterJobGrain"/>), whose progress <c>GET /v1/inventory-item-jobs/{jobId}</c>
/// shows. The filter is the query language of the query routes.
/// </summary>
public static class WixFilterJobEndpoints
{
    public static IEndpointRouteBuilder MapWixFilterJobEndpoints(this IEndpointRouteBuilder wix)
    {
        wix.MapPost("/bulk/inventory-items/update-by-filter", UpdateAsync).WithName("WixBulkUpdateInventoryItemsByFilter").Documented(WixFilterJobDocs.Update);
        wix.MapPost("/bulk/inventory-items/delete-by-filter", DeleteAsync).WithName("WixBulkDeleteInventoryItemsByFilter").Documented(WixFilterJobDocs.Delete);
        wix.MapPost("/bulk/inventory-items/adjust-by-filter", AdjustAsync).WithName("WixBulkAdjustInventoryItemsByFilter").Documented(WixFilterJobDocs.Adjust);
        wix.MapPost("/bulk/inventory-items/set-or-adjust-by-filter", SetOrAdjustAsync).WithName("WixBulkSetOrAdjustInventoryItemsByFilter").Documented(WixFilterJobDocs.SetOrAdjust);
        wix.MapPost("/bulk/inventory-items/create-by-variant-filter", CreateByVariantAsync).WithName("WixBulkCreateInventoryItemsByVariantFilter").Documented(WixFilterJobDocs.CreateByVariant);
        return wix;
    }

    private static Task<IResult> UpdateAsync(JsonElement body, HttpContext context, IGrainFactory grains) =>
        StartAsync(body, context, grains, () =>
        {
            var item = Read<WixInventoryItem>(body, "inventoryItem") ?? throw new WixQueryException("inventoryItem", "inventoryItem is required.");
            return (new UpdateInventoryItem
            {
                ExpectedRevision = null,
                Quantity = item.Quantity,
                InStock = item.InStock,
                ProductId = item.ProductId,
                Preorder = WixMapping.ToPatch(item.PreorderInfo),
            }, null, 0);
        });

    private static Task<IResult> DeleteAsync(JsonElement body, HttpContext context, IGrainFactory grains) =>
        StartAsync(body, context, grains, () => (new DeleteInventoryItem(), null, 0));

    private static Task<IResult> AdjustAsync(JsonElement body, HttpContext context, IGrainFactory grains) =>
        StartAsync(body, context, grains, () =>
            (new AdjustInventory(Delta(body, "adjustment"), Read<bool?>(body, "trackQuantity") ?? false), null, 0));

    private static Task<IResult> SetOrAdjustAsync(JsonElement body, HttpContext context, IGrainFactory grains) =>
        StartAsync(body, context, grains, () => (new AdjustInventory(Delta(body, "adjustedInventoryAction"), TrackUntracked: true), null, 0));

    private static Task<IResult> CreateByVariantAsync(JsonElement body, HttpContext context, IGrainFactory grains) =>
        StartAsync(body, context, grains, variantFilter: true, () =>
        {
            var location = Read<string>(body, "locationId");
            if (string.IsNullOrWhiteSpace(location))
            {
                throw new WixQueryException("locationId", "locationId is required.");
            }

            var quantity = Read<WixInventoryCreationData>(body, "inventoryCreationData")?.Quantity
                ?? throw new WixQueryException("inventoryCreationData.quantity", "inventoryCreationData.quantity is required.");
            return (null, location, quantity);
        });

    /// <summary>Reads the filter and the job's change, starts the job, answers its id; a request that cannot be read is a 400.</summary>
    private static Task<IResult> StartAsync(
        JsonElement body, HttpContext context, IGrainFactory grains, Func<(InventoryCommand? Change, string? Location, int Quantity)> read) =>
        StartAsync(body, context, grains, variantFilter: false, read);

    /// <param name="variantFilter">The filter names variant fields (<see cref="WixVariantFilter"/>), not item fields.</param>
    private static async Task<IResult> StartAsync(
        JsonElement body, HttpContext context, IGrainFactory grains, bool variantFilter, Func<(InventoryCommand? Change, string? Location, int Quantity)> read)
    {
        ItemFilter? filter;
        (InventoryCommand? Change, string? Location, int Quantity) job;
        try
        {
            if (body.ValueKind != JsonValueKind.Object)
            {
                throw new WixQueryException("", "The request must be a JSON object.");
            }

            WixQueryParser.RefuseSearchExpression(body, null);
            var given = WixQueryParser.Optional(body, "filter") ?? throw new WixQueryException("filter", "filter is required.");
            filter = WixQueryParser.Filter(variantFilter && given.ValueKind == JsonValueKind.Object ? WixVariantFilter.ToItemFilter(given, "filter") : given, "filter");
            job = read();
        }
        catch (WixQueryException exception)
        {
            return TypedResults.Json(
                WixErrorBody.Of(WixDialect.Code(DialectErrorCode.InvalidArgument), exception.Message, new Dictionary<string, string> { ["field"] = exception.Field }),
                WixDialect.Instance.Json, statusCode: StatusCodes.Status400BadRequest);
        }
        catch (JsonException exception)
        {
            return WixDialect.Instance.ErrorResult(DialectError.BadRequest($"The request has a value of the wrong type: {exception.Message}"));
        }

        // With an idempotency key, a repeat names the job its first attempt started.
        var tenant = context.User.GetTenant();
        var jobId = context.OperationIdOf(0) is { } operationId ? OperationIds.CreatedIdOf(tenant, operationId) : Guid.NewGuid().ToString();
        var spec = new ItemFilterJobSpec(filter, job.Change, new ChangeContext(ChangeReason.Manual, WixDialect.Instance.Name), DateTimeOffset.UtcNow)
        {
            CreateAtLocation = job.Location,
            CreateQuantity = job.Quantity,
        };
        var status = await grains.GetGrain<IItemFilterJobGrain>(Abstractions.TenantKey.Format(tenant, jobId)).StartAsync(spec);
        return TypedResults.Ok(new WixJobResponse(status.JobId));
    }

    /// <summary>The signed amount of <c>{incrementBy}</c> or <c>{decrementBy}</c> (one of them, 1 or more).</summary>
    private static int Delta(JsonElement body, string name)
    {
        var adjustment = Read<WixAdjustment>(body, name) ?? throw new WixQueryException(name, $"{name} is required.");
        return adjustment switch
        {
            { IncrementBy: > 0 and var up, DecrementBy: null } => up,
            { DecrementBy: > 0 and var down, IncrementBy: null } => -down,
            _ => throw new WixQueryException(name, $"{name} takes one of incrementBy and decrementBy, a positive amount."),
        };
    }

    private static T? Read<T>(JsonElement body, string name) =>
        WixQueryParser.Optional(body, name) is { ValueKind: not JsonValueKind.Null } value ? value.Deserialize<T>(WixDialect.Instance.Json) : default;
}
