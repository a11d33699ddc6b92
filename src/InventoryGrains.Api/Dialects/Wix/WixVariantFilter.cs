using System.Text.Json;
using System.Text.Json.Nodes;

namespace InventoryGrains.Api.Dialects.Wix;

/// <summary>
/// The filter of <c>bulkCreateInventoryItemsByVariantFilter</c>, which the Wix SDK writes in the
/// field names of its variant search (<c>productData.productId</c>), read as a filter of the
/// items the service holds: a variant is known here by its id (<c>id</c>, <c>_id</c>; <c>sku</c>, the
/// variant id of items made through Crux or BSPK) and its product. Every other variant field is a
/// 400 that names it — the service keeps no variant catalog to search.
/// </summary>
public static class WixVariantFilter
{
    private static readonly Dictionary<string, string> ItemFieldOf = new(StringComparer.Ordinal)
    {
        ["id"] = "variantId",
        ["_id"] = "variantId",
        ["sku"] = "variantId",
        ["productData.productId"] = "productId",
    };

    /// <summary>The same filter over item fields.</summary>
    /// <exception cref="WixQueryException">A field of no variant this service knows.</exception>
    public static JsonElement ToItemFilter(JsonElement variantFilter, string path) =>
        JsonSerializer.SerializeToElement(Rewrite(JsonNode.Parse(variantFilter.GetRawText()), path));

    private static JsonNode? Rewrite(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject filter:
                var rewritten = new JsonObject();
                foreach (var (name, value) in filter.ToList())
                {
                    var at = $"{path}.{name}";
                    if (name.StartsWith('$'))
                    {
                        // An operator: $and/$or/$not take filters, the others take values.
                        rewritten[name] = name is "$and" or "$or" or "$not" ? Rewrite(value?.DeepClone(), at) : value?.DeepClone();
                    }
                    else if (ItemFieldOf.TryGetValue(name, out var field))
                    {
                        rewritten[field] = value?.DeepClone();
                    }
                    else
                    {
                        throw new WixQueryException(at,
                            $"{name} is not a variant field this service knows: filter variants by id, sku or productData.productId.");
                    }
                }

                return rewritten;
            case JsonArray filters:
                return new JsonArray([.. filters.Select((filter, index) => Rewrite(filter?.DeepClone(), $"{path}[{index}]"))]);
            default:
                return node;
        }
    }
}
