using System.Text.Json.Nodes;

namespace InventoryGrains.Testing;

/// <summary>What a whole-request error looks like in each dialect.</summary>
public static class DialectShapes
{
    /// <summary>Whether <paramref name="text"/> is an error body in the dialect's shape.</summary>
    public static bool IsErrorShape(string dialect, string text)
    {
        JsonNode? body;
        try
        {
            body = JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }

        return dialect switch
        {
            "wix" => body?["details"]?["applicationError"]?["code"] is JsonValue && body["message"] is JsonValue,
            "stoq" => body?["error"] is JsonValue || body?["errors"] is JsonObject,
            "crux" => body?["detail"] is JsonValue,
            "bspk" => body?["errors"]?[0]?["title"] is JsonValue && body["errors"]![0]!["code"] is JsonValue,
            _ => body?["status"] is JsonValue,
        };
    }
}
