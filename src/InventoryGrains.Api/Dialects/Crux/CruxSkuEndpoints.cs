using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using InventoryGrains.Abstractions.Identifiers;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Api.Authentication;
using InventoryGrains.Api.Edge;
using InventoryGrains.Api.Edge.Idempotency;
using InventoryGrains.Api.Edge.OpenApi;
using InventoryGrains.Domain.Items;
using InventoryGrains.Domain.Identifiers;

namespace InventoryGrains.Api.Dialects.Crux;

/// <summary>
/// Crux TIMP SKU routes: bodies are bare arrays, every element gets its own status code, and a SKU
/// is named by any of its identifiers at the default location.
/// </summary>
public static class CruxSkuEndpoints
{
    public const string DefaultLocation = "default";

    private const string ValidIdentifiers = "Valid identifiers: sku_id, upca, ean13, gtin14, isbn";

    private static readonly (string Field, IdentifierKind Kind)[] IdentifierFields =
    [
        ("sku_id", IdentifierKind.Sku),
        ("upca", IdentifierKind.Upca),
        ("ean13", IdentifierKind.Ean13),
        ("gtin14", IdentifierKind.Gtin14),
        ("isbn", IdentifierKind.Isbn),
    ];

    public static IEndpointRouteBuilder MapCruxSkuEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var crux = endpoints.MapDialectGroup(CruxDialect.Instance, "/products/skus");
        crux.MapPost("/", CreateAsync).WithName("CruxCreateSkus").Documented(CruxDocs.Create);
        crux.MapPost("/inventory/bulk/", BulkInventoryAsync).WithName("CruxBulkSkuInventory").Documented(CruxDocs.BulkInventory);
        return endpoints;
    }

    private static Task<IResult> CreateAsync(JsonElement body, HttpContext context, IGrainFactory grains) =>
        RunAsync(body, context, grains, ChangeReason.Manual, (element, identifiers, operationId) =>
        {
            var fields = ReadInventoryFields(element);
            return fields.Problem is not null
                ? Invalid(fields.Problem)
                : new Element(new IdentifiedCommand(DefaultLocation, identifiers, IdentifiedMode.Create,
                    new CreateInventoryItem
                    {
                        VariantId = identifiers[0].Value,
                        Quantity = fields.Quantity ?? 0,
                        QuantityOnBackorder = fields.Backorder,
                        Restriction = fields.Restriction,
                    },
                    null) { OperationId = operationId }, null);
        },
        // Created (now, or by the first attempt of this operation): the item's id is the answer.
        (applied, _) => Status(StatusCodes.Status201Created, "created", applied.ItemId),
        (rejected, _) => Failure(rejected.Error, null));

    private static Task<IResult> BulkInventoryAsync(JsonElement body, HttpContext context, IGrainFactory grains) =>
        RunAsync(body, context, grains, ChangeReason.Sync, (element, identifiers, operationId) =>
        {
            var fields = ReadInventoryFields(element);
            if (fields is { Problem: null, Quantity: null, Backorder: null, SetRestriction: false })
            {
                return Invalid("Nothing to update: give quantity_in_stock, quantity_on_backorder or restrictions");
            }

            return fields.Problem is not null
                ? Invalid(fields.Problem)
                : new Element(new IdentifiedCommand(DefaultLocation, identifiers, IdentifiedMode.Change, null,
                    new SyncInventory
                    {
                        Quantity = fields.Quantity,
                        QuantityOnBackorder = fields.Backorder,
                        SetRestriction = fields.SetRestriction,
                        Restriction = fields.Restriction,
                    }) { OperationId = operationId }, null);
        },
        (_, _) => Status(StatusCodes.Status200OK, "success"),
        (rejected, element) => Failure(rejected.Error, element));

    /// <summary>
    /// The checks every Crux route shares (a bare array of 1 to 1000 objects, each naming its SKU),
    /// then the one bulk pipeline; an element with a bad shape fails on its own with 400. Crux
    /// answers with status codes and ids, never an item, so the items are not asked for one.
    /// </summary>
    private static async Task<IResult> RunAsync(
        JsonElement body,
        HttpContext context,
        IGrainFactory grains,
        ChangeReason reason,
        Func<JsonElement, List<ItemIdentifier>, string?, Element> translate,
        Func<ItemApplied, JsonElement, JsonObject> applied,
        Func<ItemRejected, JsonElement, JsonObject> rejected)
    {
        if (body.ValueKind != JsonValueKind.Array)
        {
            return CruxDialect.Instance.ErrorResult(DialectError.BadRequest("The body must be a JSON array of SKU objects."));
        }

        if (BulkPipeline.CheckCount(body.GetArrayLength(), "The array") is { } countError)
        {
            return CruxDialect.Instance.ErrorResult(countError);
        }

        var elements = body.EnumerateArray().ToList();
        var outcomes = await BulkPipeline.RunAsync(
            context,
            elements,
            (element, index) =>
            {
                if (element.ValueKind != JsonValueKind.Object)
                {
                    return BulkEntry.Reject<IdentifiedCommand>("Each element must be a JSON object");
                }

                var (identifiers, problem) = ReadIdentifiers(element);
                var translated = problem is null ? translate(element, identifiers, context.OperationIdOf(index)) : Invalid(problem);
                return translated.Command is { } command ? BulkEntry.Run(command) : BulkEntry.Reject<IdentifiedCommand>(translated.Problem!);
            },
            commands => grains.BulkCoordinator().ExecuteByIdentifierAsync(context.User.GetTenant(), commands, new ChangeContext(reason, CruxDialect.Instance.Name) { ReturnItem = false }));

        return TypedResults.Json(
            new JsonArray([.. outcomes.Select(outcome => (JsonNode)outcome.Match(
                success => applied(success, elements[outcome.Index]),
                failure => rejected(failure, elements[outcome.Index]),
                problem => Status(StatusCodes.Status400BadRequest, problem)))]),
            CruxDialect.Instance.Json);
    }

    private static (List<ItemIdentifier> Identifiers, string? Problem) ReadIdentifiers(JsonElement element)
    {
        var identifiers = new List<ItemIdentifier>();
        foreach (var (field, kind) in IdentifierFields)
        {
            if (!element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                return ([], $"{field} must be a string");
            }

            var identifier = new ItemIdentifier(kind, value.GetString()!);
            if (!ProductIdentifier.TryNormalize(identifier, out _, out var problem))
            {
                return ([], problem);
            }

            identifiers.Add(identifier);
        }

        return identifiers.Count == 0 ? ([], $"No sku identifier given; {ValidIdentifiers}") : (identifiers, null);
    }

    private static InventoryFields ReadInventoryFields(JsonElement element)
    {
        var quantity = ReadCount(element, "quantity_in_stock", out var problem);
        var backorder = problem is null ? ReadCount(element, "quantity_on_backorder", out problem) : null;
        var (setRestriction, restriction, restrictionProblem) = ReadRestriction(element);
        return new InventoryFields(quantity, backorder, setRestriction, restriction, problem ?? restrictionProblem);
    }

    private static int? ReadCount(JsonElement element, string field, out string? problem)
    {
        problem = null;
        if (!element.TryGetProperty(field, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var count) && count >= 0)
        {
            return count;
        }

        problem = $"{field} must be a whole number from 0 to {int.MaxValue}";
        return null;
    }

    /// <summary>Absent: unchanged; null: cleared; otherwise one of the two restriction codes.</summary>
    private static (bool Set, InventoryRestriction? Value, string? Problem) ReadRestriction(JsonElement element)
    {
        if (!element.TryGetProperty("restrictions", out var value))
        {
            return (false, null, null);
        }

        return value.ValueKind switch
        {
            JsonValueKind.Null => (true, null, null),
            JsonValueKind.String when InventoryRestrictions.TryParse(value.GetString(), out var restriction) => (true, restriction, null),
            _ => (false, null, $"restrictions must be {InventoryRestrictions.Codes} or null"),
        };
    }

    private static JsonObject Failure(InventoryError error, JsonElement? element) => error.Code switch
    {
        InventoryErrorCode.InventoryItemNotFound when element is { } given =>
            Status(StatusCodes.Status404NotFound, $"No sku found with sku identifier: {DescribeIdentifiers(given)}; {ValidIdentifiers}"),
        InventoryErrorCode.DuplicateIdentifier => Status(StatusCodes.Status409Conflict, error.Description),
        InventoryErrorCode.ItemHasReservations => Status(StatusCodes.Status409Conflict, $"{error.Code.ContractName()}: {error.Description}"),
        InventoryErrorCode.Unavailable => Status(StatusCodes.Status503ServiceUnavailable, error.Description),
        _ => Status(StatusCodes.Status400BadRequest, $"{error.Code.ContractName()}: {error.Description}"),
    };

    /// <summary>The identifiers as given, written the way the original service prints them (a Python dict).</summary>
    private static string DescribeIdentifiers(JsonElement element)
    {
        var text = new StringBuilder("{");
        foreach (var property in element.EnumerateObject())
        {
            if (IdentifierFields.Any(f => f.Field == property.Name) && property.Value.ValueKind == JsonValueKind.String)
            {
                text.Append(text.Length > 1 ? ", " : "").Append(PythonString(property.Name)).Append(": ").Append(PythonString(property.Value.GetString()!));
            }
        }

        return text.Append('}').ToString();
    }

    private static string PythonString(string value) => value.Contains('\'', StringComparison.Ordinal) && !value.Contains('"', StringComparison.Ordinal)
        ? $"\"{value.Replace("\\", "\\\\", StringComparison.Ordinal)}\""
        : $"'{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}'";

    private static JsonObject Status(int code, string message, string? itemId = null)
    {
        var status = new JsonObject { ["status_code"] = code, ["message"] = message };
        if (itemId is not null)
        {
            status["inventory_item_id"] = itemId;
        }

        return status;
    }

    private static Element Invalid(string problem) => new(null, problem);

    private sealed record Element(IdentifiedCommand? Command, string? Problem);

    private sealed record InventoryFields(int? Quantity, int? Backorder, bool SetRestriction, InventoryRestriction? Restriction, string? Problem);
}
