using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace InventoryGrains.Api.Edge;

/// <summary>How each dialect writes JSON: Wix in camelCase, the others in snake_case.</summary>
public static class DialectJson
{
    public static JsonSerializerOptions Wix { get; } = Create(JsonNamingPolicy.CamelCase);

    public static JsonSerializerOptions SnakeCase { get; } = Create(JsonNamingPolicy.SnakeCaseLower);

    public static JsonSerializerOptions For(Dialect dialect) => dialect == Dialect.Wix ? Wix : SnakeCase;

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
