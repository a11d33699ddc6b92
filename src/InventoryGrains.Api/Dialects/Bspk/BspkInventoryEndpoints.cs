using System.Globalization;
using InventoryGrains.Abstractions.Identifiers;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Api.Authentication;
using InventoryGrains.Api.Edge;
using InventoryGrains.Api.Edge.Idempotency;
using InventoryGrains.Api.Edge.OpenApi;
using InventoryGrains.Domain.Items;
using InventoryGrains.Domain.Identifiers;

namespace InventoryGrains.Api.Dialects.Bspk;

/// <summary>
/// The BSPK inventory batch: create-or-update by (sku, store_ref), ordered by each record's
/// effective time. The time ordering and the product check are rules of the item grain; this
/// only translates records and results.
/// </summary>
public static class BspkInventoryEndpoints
{
    public static IEndpointRouteBuilder MapBspkInventoryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapDialectGroup(BspkDialect.Instance, "/v1/products")
            .MapPost("/inventories/batches", BatchAsync)
            .WithName("BspkInventoryBatch")
            .Documented(BspkDocs.Batch);
        return endpoints;
    }

    private static async Task<IResult> BatchAsync(BspkBatchRequest? request, HttpContext context, IGrainFactory grains)
    {
        if (BulkPipeline.CheckCount(request?.Inventories?.Count ?? 0, "inventories", emptyStatus: StatusCodes.Status422UnprocessableEntity) is { } countError)
        {
            return BspkDialect.Instance.ErrorResult(countError);
        }

        var outcomes = await BulkPipeline.RunAsync(
            context,
            request!.Inventories!,
            (record, index) =>
            {
                var (command, problem) = Translate(record);
                return command is null
                    ? BulkEntry.Reject<IdentifiedCommand>(problem!)
                    : BulkEntry.Run(command with { OperationId = context.OperationIdOf(index) });
            },
            commands => grains.BulkCoordinator().ExecuteByIdentifierAsync(
                context.User.GetTenant(), commands, new ChangeContext(ChangeReason.Sync, BspkDialect.Instance.Name) { ReturnItem = false }));

        var results = outcomes.Select(ToEntryResult).ToList();
        return TypedResults.Json(new BspkBatchResponse(BatchStatus(results), results), BspkDialect.Instance.Json);
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

    /// <summary>An entry's result: a record applied at revision 1 created its item (also when this is its replay).</summary>
    private static BspkEntryResult ToEntryResult(BulkOutcome outcome) => outcome.Match(
        applied => new BspkEntryResult(outcome.Index, "ok", applied.Revision == 1 ? "created" : "updated"),
        rejected => rejected.Code == InventoryErrorCode.StaleEffectiveTime
            ? new BspkEntryResult(outcome.Index, "warning", $"stale: {rejected.Error.Description}")
            : new BspkEntryResult(outcome.Index, "error", $"{Code(rejected.Code)}: {rejected.Error.Description}"),
        problem => new BspkEntryResult(outcome.Index, "error", problem));

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

}
