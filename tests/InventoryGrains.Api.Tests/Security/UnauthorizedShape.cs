using System.Text.Json.Nodes;

namespace InventoryGrains.Api.Tests.Security;

/// <summary>What a 401 looks like in each dialect.</summary>
public static class UnauthorizedShape
{
    public static void Assert(string dialect, JsonNode body)
    {
        switch (dialect)
        {
            case "wix": Xunit.Assert.Equal("UNAUTHENTICATED", body["details"]!["applicationError"]!["code"]!.GetValue<string>()); break;
            case "stoq": Xunit.Assert.Equal("Unauthorized", body["error"]!.GetValue<string>()); break;
            case "crux": Xunit.Assert.False(string.IsNullOrEmpty(body["detail"]!.GetValue<string>())); break;
            case "bspk": Xunit.Assert.Equal("unauthorized", body["errors"]![0]!["code"]!.GetValue<string>()); break;
            default: Xunit.Assert.Equal(401, body["status"]!.GetValue<int>()); break;
        }
    }
}
