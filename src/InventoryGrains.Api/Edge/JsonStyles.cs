using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace InventoryGrains.Api.Edge;

/// <summary>The two ways the dialects write JSON: camelCase and snake_case, nulls left out, text as written.</summary>
public static class JsonStyles
{
    public static JsonSerializerOptions CamelCase { get; } = Create(JsonNamingPolicy.CamelCase);

    public static JsonSerializerOptions SnakeCase { get; } = Create(JsonNamingPolicy.SnakeCaseLower);

    private static JsonSerializerOptions Create(JsonNamingPolicy naming)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = naming,
            DictionaryKeyPolicy = null,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // Text as written: the original APIs do not escape quotes, '+' or non-ASCII characters.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
