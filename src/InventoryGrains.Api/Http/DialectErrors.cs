using System.Text.Json.Nodes;

namespace InventoryGrains.Api.Http;

/// <summary>Writes a whole-request error in the shape of the dialect the request addressed.</summary>
public static class DialectErrors
{
    public static Task WriteAsync(HttpContext context, DialectError error)
    {
        var dialect = DialectRoutes.FromPath(context.Request.Path);
        context.Response.StatusCode = error.Status;
        if (dialect == Dialect.None)
        {
            return Results.Problem(statusCode: error.Status, title: Title(error), detail: error.Message).ExecuteAsync(context);
        }

        return context.Response.WriteAsJsonAsync(Body(dialect, error));
    }

    /// <summary>The dialect's error body: its own field names and its own spelling of codes.</summary>
    public static JsonObject Body(Dialect dialect, DialectError error) => dialect switch
    {
        // Wix: { message, details: { applicationError: { code, description } } }
        Dialect.Wix => new JsonObject
        {
            ["message"] = error.Message,
            ["details"] = new JsonObject
            {
                ["applicationError"] = new JsonObject
                {
                    ["code"] = WixCode(error.Code),
                    ["description"] = error.Message,
                },
            },
        },
        // Stoq: { error }, with the seed's fixed text for 401.
        Dialect.Stoq => new JsonObject
        {
            ["error"] = error.Code == DialectErrorCode.Unauthenticated ? "Unauthorized" : error.Message,
        },
        // Crux: { detail }
        Dialect.Crux => new JsonObject { ["detail"] = error.Message },
        // BSPK: { errors: [ { title, code } ] }
        Dialect.Bspk => new JsonObject
        {
            ["errors"] = new JsonArray(new JsonObject { ["title"] = error.Message, ["code"] = BspkCode(error.Code) }),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(dialect), dialect, null),
    };

    private static string WixCode(DialectErrorCode code) => code switch
    {
        DialectErrorCode.Unauthenticated => "UNAUTHENTICATED",
        DialectErrorCode.PayloadTooLarge => "PAYLOAD_TOO_LARGE",
        DialectErrorCode.Throttled => "RESOURCE_EXHAUSTED",
        DialectErrorCode.Unavailable => "UNAVAILABLE",
        _ => "INVALID_ARGUMENT",
    };

    private static string BspkCode(DialectErrorCode code) => code switch
    {
        DialectErrorCode.Unauthenticated => "unauthorized",
        DialectErrorCode.PayloadTooLarge => "payload_too_large",
        DialectErrorCode.Throttled => "throttled",
        DialectErrorCode.Unavailable => "unavailable",
        _ => "invalid_request",
    };

    private static string Title(DialectError error) => error.Code switch
    {
        DialectErrorCode.Unauthenticated => "Unauthorized",
        DialectErrorCode.PayloadTooLarge => "Payload Too Large",
        DialectErrorCode.Throttled => "Too Many Requests",
        DialectErrorCode.Unavailable => "Service Unavailable",
        _ => "Bad Request",
    };
}
