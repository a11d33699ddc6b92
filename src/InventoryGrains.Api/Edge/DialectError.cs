using InventoryGrains.Api.Edge.Idempotency;

namespace InventoryGrains.Api.Edge;

/// <summary>A whole-request error, before it is put in the shape of the dialect that was called.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Code">A machine-readable code; each dialect spells it its own way.</param>
/// <param name="Message">A human-readable description.</param>
public sealed record DialectError(int Status, DialectErrorCode Code, string Message)
{
    /// <summary>The field the error is about, where one is to blame (a path into the body, a parameter): Wix reports it as <c>data.field</c>.</summary>
    public string? Field { get; init; }

    public static DialectError Unauthenticated() =>
        new(StatusCodes.Status401Unauthorized, DialectErrorCode.Unauthenticated, "A valid API key is required.");

    public static DialectError BadRequest(string message) =>
        new(StatusCodes.Status400BadRequest, DialectErrorCode.InvalidArgument, message);

    public static DialectError Unprocessable(string message) =>
        new(StatusCodes.Status422UnprocessableEntity, DialectErrorCode.InvalidArgument, message);

    public static DialectError NotFound(string message) =>
        new(StatusCodes.Status404NotFound, DialectErrorCode.NotFound, message);

    public static DialectError PayloadTooLarge(long limit) =>
        new(StatusCodes.Status413PayloadTooLarge, DialectErrorCode.PayloadTooLarge, $"The request body is larger than {limit} bytes.");

    public static DialectError Throttled(int retryAfterSeconds) =>
        new(StatusCodes.Status429TooManyRequests, DialectErrorCode.Throttled, $"Rate limit exceeded; retry after {retryAfterSeconds} s.");

    /// <summary>A failure of the service's own, named only by the trace id under which it is logged.</summary>
    public static DialectError Internal(string traceId) =>
        new(StatusCodes.Status500InternalServerError, DialectErrorCode.Internal,
            $"The service failed to answer; it is logged under trace id {traceId}. Nothing may have been applied: repeat the request (with the same Idempotency-Key, a change is applied at most once).");

    public static DialectError Unavailable() =>
        new(StatusCodes.Status503ServiceUnavailable, DialectErrorCode.Unavailable,
            "The service could not reach its cluster; the outcome is unknown. Try again (with the same Idempotency-Key, it is applied at most once).");

    /// <summary>A body the JSON binder could not read: not JSON, a value of the wrong type, a number out of range.</summary>
    public static DialectError InvalidJson() => BadRequest("The request body is not valid JSON for this route.") with { Field = "body" };

    /// <summary>
    /// A body the JSON binder could not read, naming where and what was expected when the reader
    /// says: <c>inventoryItems[0].quantity must be a whole number from -2147483648 to 2147483647.</c>
    /// </summary>
    public static DialectError InvalidJson(System.Text.Json.JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var field = exception.Path switch
        {
            null or "$" => null,
            { } path when path.StartsWith("$.", StringComparison.Ordinal) => path[2..],
            { } path => path.TrimStart('$'),
        };
        if (field is null)
        {
            return InvalidJson();
        }

        return BadRequest(ExpectedType(exception.Message, field) is { } expected
            ? $"{field} must be {expected}."
            : $"{field} holds a value this route cannot read.") with { Field = field };
    }

    /// <summary>
    /// What the reader wanted, from its message ("The JSON value could not be converted to
    /// System.Int32. Path: …"). A record bound through its constructor is named instead of its
    /// member: the member is then found by the path's last name.
    /// </summary>
    private static string? ExpectedType(string message, string field)
    {
        const string Marker = "could not be converted to ";
        var start = message.IndexOf(Marker, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var end = message.IndexOf(". Path:", start, StringComparison.Ordinal);
        var type = end < 0 ? message[(start + Marker.Length)..] : message[(start + Marker.Length)..end];
        if (typeof(DialectError).Assembly.GetType(type) is { } declaring && MemberType(declaring, field[(field.LastIndexOf('.') + 1)..]) is { } member)
        {
            type = member.ToString();
        }

        return type switch
        {
            _ when type.Contains("List`1", StringComparison.Ordinal) || type.EndsWith("[]", StringComparison.Ordinal) => "an array",
            _ when type.Contains("System.Int32", StringComparison.Ordinal) => "a whole number from -2147483648 to 2147483647",
            _ when type.Contains("System.Int64", StringComparison.Ordinal) => "a whole number (a string of digits in Wix revisions)",
            _ when type.Contains("System.Boolean", StringComparison.Ordinal) => "true or false",
            _ when type.Contains("System.String", StringComparison.Ordinal) => "a string",
            _ when type.Contains("System.DateTime", StringComparison.Ordinal) => "an ISO-8601 date-time",
            _ when type.Contains("System.Decimal", StringComparison.Ordinal) || type.Contains("System.Double", StringComparison.Ordinal) => "a number",
            _ when type.Contains("Dictionary`2", StringComparison.Ordinal) || type.Contains("JsonObject", StringComparison.Ordinal) => "an object",
            _ when type.StartsWith("InventoryGrains.", StringComparison.Ordinal) => "an object",
            _ => null,
        };
    }

    public static DialectError IdempotencyKeyInvalid() =>
        BadRequest($"{IdempotencyMiddleware.KeyHeader} must be 1 to {IdempotencyMiddleware.MaxKeyLength} visible ASCII characters, given once.");

    public static DialectError IdempotencyKeyInUse(string key) =>
        new(StatusCodes.Status409Conflict, DialectErrorCode.IdempotencyKeyInUse,
            $"The first request with {IdempotencyMiddleware.KeyHeader} '{key}' is still running; try again shortly.");

    public static DialectError IdempotencyKeyReused(string key) =>
        new(StatusCodes.Status422UnprocessableEntity, DialectErrorCode.IdempotencyKeyReused,
            $"{IdempotencyMiddleware.KeyHeader} '{key}' was used for a different request (method, path or body); use a new key for a new request.");

    public static DialectError UnsupportedMediaType() =>
        new(StatusCodes.Status415UnsupportedMediaType, DialectErrorCode.UnsupportedMediaType,
            "The request body must be JSON, sent with the header Content-Type: application/json.");

    /// <summary>The type of the member of <paramref name="declaring"/> that JSON names <paramref name="jsonName"/>.</summary>
    private static Type? MemberType(Type declaring, string jsonName) =>
        declaring.GetProperties()
            .FirstOrDefault(property =>
                string.Equals(property.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonPropertyNameAttribute), true)
                    .OfType<System.Text.Json.Serialization.JsonPropertyNameAttribute>().FirstOrDefault()?.Name ?? System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(property.Name),
                    jsonName, StringComparison.Ordinal))
            ?.PropertyType;

    /// <summary>An HTTP status the framework answered without a body (no such route, not with that method, a body it refused).</summary>
    public static DialectError ForStatus(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (status, method, path) = (context.Response.StatusCode, context.Request.Method, context.Request.Path);
        return status switch
        {
            StatusCodes.Status404NotFound => NotFound($"There is no route {path}."),
            StatusCodes.Status405MethodNotAllowed => new(status, DialectErrorCode.MethodNotAllowed, $"{path} does not take {method}."),
            StatusCodes.Status413PayloadTooLarge => PayloadTooLarge(context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<RequestBodyOptions>>().Value.MaxRequestBodyBytes),
            StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType(),
            _ => new(status, DialectErrorCode.InvalidArgument, $"The request to {path} was refused ({status})."),
        };
    }
}

public enum DialectErrorCode
{
    InvalidArgument,
    Unauthenticated,
    NotFound,
    MethodNotAllowed,
    PayloadTooLarge,
    Throttled,
    Unavailable,
    IdempotencyKeyReused,
    IdempotencyKeyInUse,
    UnsupportedMediaType,
    Internal,
}
