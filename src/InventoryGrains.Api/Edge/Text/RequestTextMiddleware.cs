using Microsoft.Net.Http.Headers;

namespace InventoryGrains.Api.Edge.Text;

/// <summary>
/// Applies <see cref="TextRules"/> to everything a request carries as text — the JSON body, the
/// route's values (ids in the path) and the query string — before any route reads it: a value that
/// breaks a rule is a 400 in the dialect's shape that names the field, and nothing runs.
/// </summary>
public sealed class RequestTextMiddleware(RequestDelegate next, Microsoft.Extensions.Options.IOptions<RequestBodyOptions> settings)
{
    private readonly long _limit = settings.Value.MaxRequestBodyBytes;

    public async Task InvokeAsync(HttpContext context)
    {
        if ((FindInUrl(context) ?? await FindInBodyAsync(context.Request)) is { } problem)
        {
            await DialectErrors.WriteAsync(context, DialectError.BadRequest(problem.Message.TrimEnd('.') + ".") with { Field = problem.Field });
            return;
        }

        await next(context);
    }

    private static TextProblem? FindInUrl(HttpContext context)
    {
        foreach (var (name, value) in context.Request.RouteValues)
        {
            if (value is string text && TextRules.Problem(text, TextRules.IdentifierLength) is { } problem)
            {
                return new TextProblem(name, $"The path's {name} {problem}");
            }
        }

        foreach (var (name, values) in context.Request.Query)
        {
            foreach (var value in values)
            {
                // Query values are bounded by the request line; only what no store can keep is refused.
                if (value is not null && TextRules.Problem(value, int.MaxValue) is { } problem)
                {
                    return new TextProblem(name, $"The query parameter {name} {problem}");
                }
            }
        }

        return null;
    }

    private async Task<TextProblem?> FindInBodyAsync(HttpRequest request)
    {
        if (request.ContentLength == 0 || !IsJson(request.ContentType) || (request.ContentLength is null && !request.Headers.ContainsKey(HeaderNames.TransferEncoding)))
        {
            return null;
        }

        // Kept for whoever reads the body next (the idempotency fingerprint, the route's binding).
        request.EnableBuffering();
        using var body = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            // The server stops a body past the limit as it streams in; where it cannot (a body whose
            // length was not announced, on a server without the limit), the count here does.
            if (body.Length + read > _limit)
            {
                throw new BadHttpRequestException("The request body is too large.", StatusCodes.Status413PayloadTooLarge);
            }

            body.Write(chunk, 0, read);
        }

        request.Body.Position = 0;
        return body.Length == 0 ? null : JsonBodyText.FindProblem(body.GetBuffer().AsSpan(0, (int)body.Length));
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null && MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));
}
