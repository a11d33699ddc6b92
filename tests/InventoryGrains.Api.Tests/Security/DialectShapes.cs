using System.Text.Json.Nodes;

namespace InventoryGrains.Api.Tests.Security;

/// <summary>What a whole-request error looks like in each dialect.</summary>
public static class DialectShapes
{
    public static void AssertUnauthorized(string dialect, JsonNode body)
    {
        switch (dialect)
        {
            case "wix": Assert.Equal("UNAUTHENTICATED", body["details"]!["applicationError"]!["code"]!.GetValue<string>()); break;
            case "stoq": Assert.Equal("Unauthorized", body["error"]!.GetValue<string>()); break;
            case "crux": Assert.False(string.IsNullOrEmpty(body["detail"]!.GetValue<string>())); break;
            case "bspk": Assert.Equal("unauthorized", body["errors"]![0]!["code"]!.GetValue<string>()); break;
            default: Assert.Equal(401, body["status"]!.GetValue<int>()); break;
        }
    }

    /// <summary>Whether <paramref name="text"/> is a 4xx body in the dialect's error shape.</summary>
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
