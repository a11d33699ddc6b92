using System.Globalization;
using InventoryGrains.Abstractions.Identifiers;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Api.Authentication;
using InventoryGrains.Api.Http;

namespace InventoryGrains.Api.Dialects.Bspk;

/// <summary>
/// The BSPK inventory batch: create-or-update by (sku, store_ref), ordered by each record's
/// effective time. The time ordering and the product check are rules of the item grain; this
/// only translates records and results.
/// </summary>
public static class BspkInventoryEndpoints
{
    public const string DialectName = "bspk";
    public const int MaxBatchEntries = 1000;

    public static IEndpointRouteBuilder MapBspkInventoryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost($"{DialectRoutes.BspkPrefix}/v1/products/inventories/batches", BatchAsync)
            .WithTags("BSPK")
            .WithName("BspkInventoryBatch");
        return endpoints;
    }

    private static async Task<IResult> BatchAsync(BspkBatchRequest? request, HttpContext context, IGrainFactory grains)
    {
        if (request?.Inventories is not { Count: > 0 } records)
        {
            return Error(StatusCodes.Status422UnprocessableEntity, "inventories must hold at least one record");
        }

        if (records.Count > MaxBatchEntries)
        {
            return Error(StatusCodes.Status400BadRequest, $"inventories holds {records.Count} records; at most {MaxBatchEntries} are accepted");
        }

        var translated = records.Select(Translate).ToList();
        var commands = translated.Where(t => t.Command is not null).Select(t => t.Command!).ToList();
        var executed = commands.Count == 0
            ? []
            : await grains.GetGrain<IBulkCoordinatorGrain>(0).ExecuteByIdentifierAsync(
                context.User.GetTenant(), commands, new ChangeContext(ChangeReason.Sync, DialectName));

        var results = new List<BspkEntryResult>(records.Count);
        var next = 0;
        for (var index = 0; index < translated.Count; index++)
        {
            results.Add(translated[index].Problem is { } problem
                ? new BspkEntryResult(index, "error", problem)
                : ToEntryResult(index, executed[next++]));
        }

        return TypedResults.Ok(new BspkBatchResponse(BatchStatus(results), results));
    }

    private static (IdentifiedCommand? Command, string? Problem) Translate(BspkInventoryRecord? record)
    {
        if (record is null)
        {
            return (null, "the record is empty");
        }

        var missing = new[]
        {
            ("product_ref", string.IsNullOrWhiteSpace(record.ProductRef)),
            ("sku", string.IsNullOrWhiteSpace(record.Sku)),
            ("quantity", record.Quantity is null),
            ("store_ref", string.IsNullOrWhiteSpace(record.StoreRef)),
            ("at", string.IsNullOrWhiteSpace(record.At)),
        }.Where(field => field.Item2).Select(field => field.Item1).ToList();
        if (missing.Count > 0)
        {
            return (null, $"{string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} required");
        }

        if (!DateTimeOffset.TryParse(record.At, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return (null, "at must be an ISO-8601 date-time");
        }

        var sku = new ItemIdentifier(IdentifierKind.Sku, record.Sku!);
        if (!ProductIdentifier.TryNormalize(sku, out _, out var problem))
        {
            return (null, problem.Replace("sku_id", "sku", StringComparison.Ordinal));
        }

        return (new IdentifiedCommand(
            record.StoreRef!,
            [sku],
            IdentifiedMode.Upsert,
            new CreateInventoryItem { VariantId = record.Sku, ProductId = record.ProductRef, Quantity = record.Quantity, EffectiveAt = at },
            new SyncInventory { Quantity = record.Quantity, EffectiveAt = at, ExpectedProductId = record.ProductRef }), null);
    }

    private static BspkEntryResult ToEntryResult(int index, InventoryResult result) => result switch
    {
        { Item: { Revision: 1 } } => new BspkEntryResult(index, "ok", "created"),
        { Item: not null } => new BspkEntryResult(index, "ok", "updated"),
        { Error.Code: InventoryErrorCode.StaleEffectiveTime } => new BspkEntryResult(index, "warning", $"stale: {result.Error.Description}"),
        _ => new BspkEntryResult(index, "error", $"{Code(result.Error!.Code)}: {result.Error.Description}"),
    };

    /// <summary>ok: all ok; warning: no error, some warnings; partial: some errors, not all; error: all errors.</summary>
    private static string BatchStatus(List<BspkEntryResult> results)
    {
        var errors = results.Count(r => r.Status == "error");
        return errors == results.Count ? "error"
            : errors > 0 ? "partial"
            : results.Any(r => r.Status == "warning") ? "warning"
            : "ok";
    }

    private static string Code(InventoryErrorCode code) => code.ContractName().ToLowerInvariant();

    private static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<System.Text.Json.Nodes.JsonObject> Error(int status, string title) =>
        TypedResults.Json(DialectErrors.Body(Dialect.Bspk, new DialectError(status, DialectErrorCode.InvalidArgument, title)), statusCode: status);
}
