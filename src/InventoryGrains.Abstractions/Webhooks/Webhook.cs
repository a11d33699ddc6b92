namespace InventoryGrains.Abstractions.Webhooks;

/// <summary>A registered webhook as listed: never its secret.</summary>
[GenerateSerializer, Immutable]
public sealed record Webhook(
    [property: Id(0)] string Id,
    [property: Id(1)] string Url,
    [property: Id(2)] string? Description,
    [property: Id(3)] DateTimeOffset CreatedAt);

/// <summary>What a delivery grain needs: where to, and the secret it signs with.</summary>
[GenerateSerializer, Immutable]
public sealed record WebhookSubscription(
    [property: Id(0)] string Url,
    [property: Id(1)] string Secret)
{
    // The secret stays out of every log line and exception message a record's text could reach.
    public override string ToString() => $"WebhookSubscription {{ Url = {Url} }}";
}

/// <summary>A registration's outcome: the webhook with its secret, or why the URL was refused.</summary>
[GenerateSerializer, Immutable]
public sealed record WebhookCreation(
    [property: Id(0)] Webhook? Webhook,
    [property: Id(1)] string? Secret,
    [property: Id(2)] WebhookRefusal? Refusal)
{
    public static WebhookCreation Created(Webhook webhook, string secret) => new(webhook, secret, null);

    public static WebhookCreation Refused(WebhookRefusalReason reason, string message) => new(null, null, new WebhookRefusal(reason, message));

    public override string ToString() => Refusal is null ? $"WebhookCreation {{ Webhook = {Webhook} }}" : $"WebhookCreation {{ Refusal = {Refusal} }}";
}

[GenerateSerializer, Immutable]
public sealed record WebhookRefusal([property: Id(0)] WebhookRefusalReason Reason, [property: Id(1)] string Message);

public enum WebhookRefusalReason
{
    /// <summary>Not an absolute http or https URL, or one with user information.</summary>
    InvalidUrl,

    /// <summary>The host is, or resolves to, a loopback, private, link-local or otherwise non-public address.</summary>
    NonPublicTarget,

    /// <summary>The host name does not resolve.</summary>
    UnresolvableHost,

    /// <summary>The tenant has as many webhooks as it may.</summary>
    TooManyWebhooks,
}

/// <summary>One attempt to deliver one batch.</summary>
/// <param name="Attempt">1 for the first try of the batch, 2 for its first retry, ….</param>
/// <param name="Status"><c>delivered</c> (a 2xx answer) or <c>failed</c>.</param>
/// <param name="ResponseStatus">The receiver's HTTP status; null when none came (timeout, refused connection).</param>
[GenerateSerializer, Immutable]
public sealed record WebhookDeliveryAttempt(
    [property: Id(0)] string DeliveryId,
    [property: Id(1)] int Attempt,
    [property: Id(2)] string Status,
    [property: Id(3), System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] int? ResponseStatus,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] int Changes,
    [property: Id(6)] string? Error);
