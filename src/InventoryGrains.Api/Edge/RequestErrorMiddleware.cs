using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace InventoryGrains.Api.Edge;

/// <summary>
/// Turns every malformed request into the dialect's 4xx instead of a 500 or an empty body:
/// bodies over the limit (by Content-Length up front, or while streaming), and the binding
/// failures minimal APIs throw (bad JSON, wrong types, wrong content type).
/// </summary>
public sealed partial class RequestErrorMiddleware(RequestDelegate next, IOptions<RequestBodyOptions> settings, ILogger<RequestErrorMiddleware> logger)
{
    private readonly long _limit = settings.Value.MaxRequestBodyBytes;

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > _limit)
        {
            await DialectErrors.WriteAsync(context, DialectError.PayloadTooLarge(_limit));
            return;
        }

        var sizeFeature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = _limit;
        }

        try
        {
            // A bare 413 or 415 the framework answers without an exception gets the dialect's shape
            // from the status-code pages (DialectError.ForStatus).
            await next(context);
        }
        catch (BadHttpRequestException exception) when (!context.Response.HasStarted)
        {
            var error = exception.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => DialectError.PayloadTooLarge(_limit),
                StatusCodes.Status415UnsupportedMediaType => DialectError.UnsupportedMediaType(),
                _ => exception.InnerException is System.Text.Json.JsonException json
                    ? DialectError.InvalidJson(json)
                    : DialectError.BadRequest(exception.Message),
            };
            context.Response.Clear();
            await DialectErrors.WriteAsync(context, error);
        }
        catch (Exception exception) when (!context.Response.HasStarted && IsClusterUnavailable(exception))
        {
            context.Response.Clear();
            await DialectErrors.WriteAsync(context, DialectError.Unavailable());
        }
        catch (Exception exception) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            // Anything else is the service's own fault: logged with the trace id, answered in the
            // dialect's shape with that id and nothing of the exception, the request or its headers
            // (the framework's developer page, which shows them all, never gets the exception).
            var traceId = System.Diagnostics.Activity.Current?.Id ?? context.TraceIdentifier;
            LogUnexpected(logger, exception, context.Request.Method, DialectCatalog.For(context).Name, traceId);
            context.Response.Clear();
            await DialectErrors.WriteAsync(context, DialectError.Internal(traceId));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A {Method} request to a {Dialect} route failed unexpectedly (trace {TraceId})")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string dialect, string traceId);

    /// <summary>Failures of reaching the cluster or its database, not of the request: the caller may simply retry.</summary>
    private static bool IsClusterUnavailable(Exception exception) =>
        exception is Orleans.Runtime.OrleansException or InventoryGrains.Abstractions.StorageUnavailableException or TimeoutException
            or OperationCanceledException { CancellationToken.IsCancellationRequested: false };
}
