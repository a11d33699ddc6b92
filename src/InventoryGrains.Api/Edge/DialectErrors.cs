using Microsoft.AspNetCore.Http.HttpResults;

namespace InventoryGrains.Api.Edge;

/// <summary>Puts a whole-request error in the shape of the dialect the request addressed.</summary>
public static class DialectErrors
{
    /// <summary>The error as a result of the dialect's shape and the error's status.</summary>
    public static IResult Result(Dialect dialect, DialectError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return dialect switch
        {
            Dialect.Wix => Json(WixErrorBody.Of(WixCode(error.Code), error.Message, error.Field is { } field ? new Dictionary<string, string> { ["field"] = field } : null), dialect, error.Status),
            Dialect.Stoq => error.Code is DialectErrorCode.IdempotencyKeyReused or DialectErrorCode.IdempotencyKeyInUse
                ? Json(new StoqFieldErrorsBody(new Dictionary<string, IReadOnlyList<string>> { ["idempotency_key"] = [error.Message] }), dialect, error.Status)
                : Json(new StoqErrorBody(error.Code == DialectErrorCode.Unauthenticated ? "Unauthorized" : error.Message), dialect, error.Status),
            Dialect.Crux => Json(new CruxErrorBody(error.Message), dialect, error.Status),
            Dialect.Bspk => Json(new BspkErrorBody([new BspkError(error.Message, BspkCode(error.Code))]), dialect, error.Status),
            _ => TypedResults.Problem(statusCode: error.Status, title: Title(error), detail: error.Message),
        };
    }

    /// <summary>Writes the error to a response that has not started, in the request's dialect.</summary>
    public static Task WriteAsync(HttpContext context, DialectError error)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Result(DialectRoutes.Of(context), error).ExecuteAsync(context);
    }

    /// <summary>Wix's spelling of a whole-request error code.</summary>
    public static string WixCode(DialectErrorCode code) => code switch
    {
        DialectErrorCode.Unauthenticated => "UNAUTHENTICATED",
        DialectErrorCode.NotFound => "NOT_FOUND",
        DialectErrorCode.MethodNotAllowed => "METHOD_NOT_ALLOWED",
        DialectErrorCode.PayloadTooLarge => "PAYLOAD_TOO_LARGE",
        DialectErrorCode.Throttled => "RESOURCE_EXHAUSTED",
        DialectErrorCode.Unavailable => "UNAVAILABLE",
        DialectErrorCode.IdempotencyKeyReused => "IDEMPOTENCY_KEY_REUSED",
        DialectErrorCode.IdempotencyKeyInUse => "IDEMPOTENCY_KEY_IN_USE",
        DialectErrorCode.UnsupportedMediaType => "UNSUPPORTED_MEDIA_TYPE",
        DialectErrorCode.Internal => "INTERNAL",
        _ => "INVALID_ARGUMENT",
    };

    private static string BspkCode(DialectErrorCode code) => code switch
    {
        DialectErrorCode.Unauthenticated => "unauthorized",
        DialectErrorCode.NotFound => "not_found",
        DialectErrorCode.MethodNotAllowed => "method_not_allowed",
        DialectErrorCode.PayloadTooLarge => "payload_too_large",
        DialectErrorCode.Throttled => "throttled",
        DialectErrorCode.Unavailable => "unavailable",
        DialectErrorCode.IdempotencyKeyReused => "idempotency_key_reused",
        DialectErrorCode.IdempotencyKeyInUse => "idempotency_key_in_use",
        DialectErrorCode.UnsupportedMediaType => "unsupported_media_type",
        DialectErrorCode.Internal => "internal_error",
        _ => "invalid_request",
    };

    private static string Title(DialectError error) => error.Code switch
    {
        DialectErrorCode.Unauthenticated => "Unauthorized",
        DialectErrorCode.NotFound => "Not Found",
        DialectErrorCode.MethodNotAllowed => "Method Not Allowed",
        DialectErrorCode.PayloadTooLarge => "Payload Too Large",
        DialectErrorCode.Throttled => "Too Many Requests",
        DialectErrorCode.Unavailable => "Service Unavailable",
        DialectErrorCode.IdempotencyKeyReused => "Idempotency Key Reused",
        DialectErrorCode.IdempotencyKeyInUse => "Idempotency Key In Use",
        DialectErrorCode.UnsupportedMediaType => "Unsupported Media Type",
        DialectErrorCode.Internal => "Internal Server Error",
        _ => error.Status == StatusCodes.Status422UnprocessableEntity ? "Unprocessable Entity" : "Bad Request",
    };

    private static JsonHttpResult<T> Json<T>(T body, Dialect dialect, int status) =>
        TypedResults.Json(body, DialectJson.For(dialect), statusCode: status);
}
