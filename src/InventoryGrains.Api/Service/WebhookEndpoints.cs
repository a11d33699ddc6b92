using InventoryGrains.Abstractions.Webhooks;
using InventoryGrains.Api.Authentication;
using InventoryGrains.Api.Edge;
using InventoryGrains.Api.Edge.OpenApi;

namespace InventoryGrains.Api.Service;

/// <summary>
/// Webhooks: <c>POST /v1/webhooks</c> registers a URL (the answer holds the signing secret, the only
/// time it is shown), <c>GET /v1/webhooks</c> lists, <c>GET /v1/webhooks/{id}/deliveries</c> shows
/// recent attempts, <c>DELETE /v1/webhooks/{id}</c> stops delivery. The target check and delivery
/// live in the webhook grains.
/// </summary>
public static class WebhookEndpoints
{
    public const int MaxDescriptionLength = 500;

    private static readonly DateTimeOffset ExampleTime = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private const string ExampleId = "wh_5f2c0d7e9a8b4c1d8e6f3a2b1c0d9e8f";

    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/webhooks", CreateAsync)
            .AcceptsQuery()
            .WithName("CreateWebhook")
            .WithTags(ProblemDetailsDialect.Instance.Tag)
            .Documented(new RouteDoc
            {
                Summary = "Register a webhook: the tenant's changes from now on, pushed to a URL",
                Description = $"""
                    Every change of the tenant's items stored after the registration is posted to `url` in
                    signed batches (see the changes guide: headers `X-Inventory-Delivery`, `X-Inventory-Timestamp`,
                    `X-Inventory-Signature`). The answer holds `secret`, the key of the signatures: it is shown
                    only here. `url` must be http or https; hosts in loopback, private or link-local ranges are
                    refused unless `Inventory:Webhooks:AllowPrivateNetworks` is true (the embedded mode's default).
                    `description` is at most {MaxDescriptionLength} characters.
                    """,
                RequestExample = new CreateWebhookRequest("https://apps.example.com/inventory-hook", "Storefront sync"),
                Status = StatusCodes.Status201Created,
                Response = typeof(CreatedWebhookResponse),
                ResponseExample = new CreatedWebhookResponse(ExampleId, "https://apps.example.com/inventory-hook", "Storefront sync",
                    "whsec_3b1f0c9d8e7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c", ExampleTime),
                Errors =
                [
                    RouteError.Of(DialectError.BadRequest("url is required."), "`url` is missing, or `description` is too long."),
                    RouteError.Of(DialectError.Unprocessable("The host '10.0.0.8' is a loopback, private, link-local or reserved address; webhooks must target public addresses."),
                        "`url` is not an absolute http or https URL, its host is not public (unless private networks are allowed) or does not resolve, or the tenant has 20 webhooks already."),
                    RouteError.Of(new DialectError(StatusCodes.Status501NotImplemented, DialectErrorCode.InvalidArgument, "The configured item storage keeps no ledger, so there is no feed to deliver."),
                        "The items are kept by the ADO.NET grain storage, which keeps no ledger."),
                ],
            });
        endpoints.MapGet("/v1/webhooks", ListAsync)
            .AcceptsQuery()
            .WithName("ListWebhooks")
            .WithTags(ProblemDetailsDialect.Instance.Tag)
            .Documented(new RouteDoc
            {
                Summary = "The tenant's webhooks (without their secrets)",
                Response = typeof(WebhooksResponse),
                ResponseExample = new WebhooksResponse([new Webhook(ExampleId, "https://apps.example.com/inventory-hook", "Storefront sync", ExampleTime)]),
            });
        endpoints.MapGet("/v1/webhooks/{id}/deliveries", DeliveriesAsync)
            .AcceptsQuery()
            .WithName("GetWebhookDeliveries")
            .WithTags(ProblemDetailsDialect.Instance.Tag)
            .Documented(new RouteDoc
            {
                Summary = "A webhook's recent delivery attempts, newest first",
                Description = """
                    Each attempt of each delivery: its id, the attempt number (a retry sends the same delivery
                    again), `delivered` (the receiver answered 2xx) or `failed`, the receiver's status (null when
                    no answer came, with `error` saying why), the time, and how many changes it held.
                    """,
                Response = typeof(DeliveriesResponse),
                ResponseExample = new DeliveriesResponse(
                [
                    new WebhookDeliveryAttempt("dlv_0a1b2c3d4e5f60718293a4b5c6d7e8f9", 2, "delivered", 200, ExampleTime.AddSeconds(3), 12, null),
                    new WebhookDeliveryAttempt("dlv_0a1b2c3d4e5f60718293a4b5c6d7e8f9", 1, "failed", 503, ExampleTime.AddSeconds(1), 12, null),
                ]),
                Errors = [RouteError.Of(DialectError.NotFound($"Webhook '{ExampleId}' was not found."), "No webhook has this id in the key's tenant.")],
            });
        endpoints.MapDelete("/v1/webhooks/{id}", DeleteAsync)
            .AcceptsQuery()
            .WithName("DeleteWebhook")
            .WithTags(ProblemDetailsDialect.Instance.Tag)
            .Documented(new RouteDoc
            {
                Summary = "Delete a webhook: its deliveries stop",
                Description = "A delivery already under way completes first; none starts after the answer.",
                Status = StatusCodes.Status204NoContent,
                Response = null,
                ResponseExample = null,
                Errors = [RouteError.Of(DialectError.NotFound($"Webhook '{ExampleId}' was not found."), "No webhook has this id in the key's tenant.")],
            });
        return endpoints;
    }

    private static async Task<IResult> CreateAsync(CreateWebhookRequest request, HttpContext context, IGrainFactory grains)
    {
        if (string.IsNullOrWhiteSpace(request.Url))
        {
            return ProblemDetailsDialect.Instance.ErrorResult(DialectError.BadRequest("url is required."));
        }

        if (request.Description is { Length: > MaxDescriptionLength })
        {
            return ProblemDetailsDialect.Instance.ErrorResult(DialectError.BadRequest($"description is at most {MaxDescriptionLength} characters."));
        }

        WebhookCreation creation;
        try
        {
            creation = await grains.Webhooks(context.User.GetTenant()).CreateAsync(request.Url, request.Description);
        }
        catch (NotSupportedException exception)
        {
            return ProblemDetailsDialect.Instance.ErrorResult(new DialectError(StatusCodes.Status501NotImplemented, DialectErrorCode.InvalidArgument, exception.Message));
        }

        if (creation is not { Webhook: { } webhook, Secret: { } secret })
        {
            return ProblemDetailsDialect.Instance.ErrorResult(DialectError.Unprocessable(creation.Refusal!.Message));
        }

        return TypedResults.Json(new CreatedWebhookResponse(webhook.Id, webhook.Url, webhook.Description, secret, webhook.CreatedAt), statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListAsync(HttpContext context, IGrainFactory grains) =>
        TypedResults.Ok(new WebhooksResponse([.. await grains.Webhooks(context.User.GetTenant()).ListAsync()]));

    private static async Task<IResult> DeliveriesAsync(string id, HttpContext context, IGrainFactory grains) =>
        await grains.Webhooks(context.User.GetTenant()).GetDeliveriesAsync(id) is { } deliveries
            ? TypedResults.Ok(new DeliveriesResponse([.. deliveries]))
            : NotFound(id);

    private static async Task<IResult> DeleteAsync(string id, HttpContext context, IGrainFactory grains) =>
        await grains.Webhooks(context.User.GetTenant()).DeleteAsync(id) ? TypedResults.NoContent() : NotFound(id);

    private static IResult NotFound(string id) => ProblemDetailsDialect.Instance.ErrorResult(DialectError.NotFound($"Webhook '{id}' was not found."));

    public sealed record CreateWebhookRequest(string? Url, string? Description);

    /// <param name="Secret">The key of the delivery signatures: shown in this answer only.</param>
    public sealed record CreatedWebhookResponse(string Id, string Url, string? Description, string Secret, DateTimeOffset CreatedAt);

    public sealed record WebhooksResponse(List<Webhook> Webhooks);

    public sealed record DeliveriesResponse(List<WebhookDeliveryAttempt> Deliveries);
}
