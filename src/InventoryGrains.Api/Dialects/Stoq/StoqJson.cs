using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using InventoryGrains.Abstractions.SellingPlans;
using InventoryGrains.Abstractions.Variants;

namespace InventoryGrains.Api.Dialects.Stoq;

/// <summary>
/// The Stoq wire format: snake_case names and enum values, upper-case inventory policies. Reads a
/// <c>selling_plan</c> object into a patch and writes plans, jobs and variants; no rule lives here.
/// </summary>
public static class StoqJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,

        // Plain '+' in offsets and text as written: this is a JSON API, never embedded in HTML.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters =
        {
            new JsonStringEnumConverter<InventoryPolicy>(JsonNamingPolicy.SnakeCaseUpper, allowIntegerValues: false),
            new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false),
        },
    };

    private static readonly NullabilityInfoContext Nullability = new();

    /// <summary>Every settable field by its wire name.</summary>
    private static readonly Dictionary<string, WireField> Fields = SellingPlanFields.ByName.Values
        .Select(property => new WireField(
            JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name),
            property,
            Nullability.Create(property).WriteState == NullabilityState.Nullable,
            TypeMessage(property.PropertyType)))
        .ToDictionary(field => field.WireName, StringComparer.Ordinal);

    public static string WireName(string propertyName) => JsonNamingPolicy.SnakeCaseLower.ConvertName(propertyName);

    /// <summary>
    /// Reads the fields present in a <c>selling_plan</c> object. Unknown names are ignored; a value
    /// of the wrong type, or null for a field that cannot be cleared, is reported as malformed.
    /// </summary>
    public static SellingPlanPatch ReadPatch(JsonElement input)
    {
        var values = new SellingPlanSettings();
        var present = new List<string>();
        var malformed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in input.EnumerateObject())
        {
            if (!Fields.TryGetValue(member.Name, out var field))
            {
                continue;
            }

            var name = field.Property.Name;
            if (member.Value.ValueKind == JsonValueKind.Null)
            {
                if (field.Nullable)
                {
                    field.Property.SetValue(values, null);
                    present.Add(name);
                }
                else
                {
                    malformed[name] = "can't be null";
                }

                continue;
            }

            try
            {
                field.Property.SetValue(values, member.Value.Deserialize(field.Property.PropertyType, Options));
                present.Add(name);
                malformed.Remove(name);
            }
            catch (Exception exception) when (exception is JsonException or FormatException or OverflowException or InvalidOperationException)
            {
                malformed[name] = field.TypeMessage;
            }
        }

        return new SellingPlanPatch(values, present.Distinct().ToList(), malformed);
    }

    /// <summary>The seed's SellingPlan object: the id, every setting, then what the service maintains.</summary>
    public static JsonObject Write(SellingPlan plan)
    {
        var body = new JsonObject { ["id"] = plan.Id };
        foreach (var (name, value) in JsonSerializer.SerializeToNode(plan.Settings, Options)!.AsObject().ToList())
        {
            body[name] = value?.DeepClone();
        }

        body["selling_plan_product_variants_count"] = plan.VariantIds.Count;
        body["shopify_selling_plan_id"] = plan.ShopifySellingPlanId;
        body["shopify_selling_plan_group_id"] = plan.ShopifySellingPlanGroupId;
        body["shop_id"] = plan.ShopId;
        body["market_id"] = plan.MarketId;
        body["created_at"] = plan.CreatedAt;
        body["updated_at"] = plan.UpdatedAt;
        body["discarded_at"] = plan.DiscardedAt;
        body["ongoing_job"] = plan.OngoingJob;
        body["shopify_variant_ids"] = new JsonArray([.. plan.VariantIds.Select(id => (JsonNode)id)]);
        return body;
    }

    public static JsonObject Write(InventoryPolicyJob job) => new()
    {
        ["id"] = job.Id,
        ["state"] = Enum(job.State),
        ["inventory_policy"] = Enum(job.Policy),
        ["total"] = job.Total,
        ["processed"] = job.Processed,
        ["batches_total"] = job.BatchesTotal,
        ["batches_done"] = job.BatchesDone,
        ["created_at"] = job.CreatedAt,
        ["completed_at"] = job.CompletedAt,
        ["error"] = job.Error,
    };

    public static JsonObject Write(Variant variant) => new()
    {
        ["id"] = variant.Id,
        ["inventory_policy"] = Enum(variant.InventoryPolicy),
        ["selling_plan_ids"] = new JsonArray([.. variant.SellingPlanIds.Select(id => (JsonNode)id)]),
        ["updated_at"] = variant.UpdatedAt,
    };

    public static string Enum<T>(T value) where T : struct, System.Enum =>
        JsonSerializer.SerializeToElement(value, Options).GetString()!;

    private static string TypeMessage(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying switch
        {
            _ when underlying.IsEnum => "is not included in the list",
            _ when underlying == typeof(bool) => "must be true or false",
            _ when underlying == typeof(int) || underlying == typeof(long) => "must be an integer",
            _ when underlying == typeof(decimal) => "is not a number",
            _ when underlying == typeof(DateTimeOffset) => "must be an ISO-8601 date-time",
            _ when underlying == typeof(List<long>) => "must be an array of integers",
            _ => "must be a string",
        };
    }

    private sealed record WireField(string WireName, PropertyInfo Property, bool Nullable, string TypeMessage);
}
