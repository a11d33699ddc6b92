namespace InventoryGrains.Abstractions.SellingPlans;

/// <summary>
/// A partial change of a plan's settings: <see cref="Fields"/> names the properties of
/// <see cref="Values"/> the request set (to a value or to null); the others stay as they are.
/// <see cref="Malformed"/> holds, by property name, the fields the edge could not read at all, so
/// the grain can report them together with every rule the rest of the request breaks.
/// </summary>
[GenerateSerializer]
public sealed record SellingPlanPatch(
    [property: Id(0)] SellingPlanSettings Values,
    [property: Id(1)] IReadOnlyList<string> Fields,
    [property: Id(2)] IReadOnlyDictionary<string, string> Malformed);

/// <summary>A selling plan as it is read: the merchant's settings plus what the service maintains.</summary>
[GenerateSerializer]
public sealed record SellingPlan(
    [property: Id(0)] string Id,
    [property: Id(1)] SellingPlanSettings Settings,
    [property: Id(2)] long ShopId,
    [property: Id(3)] IReadOnlyList<long> VariantIds,
    [property: Id(4)] bool OngoingJob,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] DateTimeOffset UpdatedAt,
    [property: Id(7)] DateTimeOffset? DiscardedAt,
    [property: Id(8)] long? ShopifySellingPlanId,
    [property: Id(9)] long? ShopifySellingPlanGroupId,
    [property: Id(10)] long? MarketId);

public enum SellingPlanErrorCode
{
    NotFound,
    ValidationFailed,
    AlreadyExists,
    Unavailable,
}

/// <param name="FieldErrors">For <see cref="SellingPlanErrorCode.ValidationFailed"/>: messages by property name.</param>
[GenerateSerializer, Immutable]
public sealed record SellingPlanError(
    [property: Id(0)] SellingPlanErrorCode Code,
    [property: Id(1)] string Message,
    [property: Id(2)] IReadOnlyDictionary<string, IReadOnlyList<string>>? FieldErrors = null)
{
    public static SellingPlanError NotFound() => new(SellingPlanErrorCode.NotFound, "Selling plan not found");

    public static SellingPlanError Unavailable() =>
        new(SellingPlanErrorCode.Unavailable, "The change could not be confirmed as stored: it may or may not have been applied. Read the plan, or repeat the change with the same idempotency key.");
}

[GenerateSerializer]
public sealed record SellingPlanResult(
    [property: Id(0)] SellingPlan? Plan,
    [property: Id(1)] SellingPlanError? Error)
{
    public static SellingPlanResult Ok(SellingPlan plan) => new(plan, null);

    public static SellingPlanResult Fail(SellingPlanError error) => new(null, error);

    /// <summary>Takes the result apart: the plan, or why there is none.</summary>
    public TResult Match<TResult>(Func<SellingPlan, TResult> found, Func<SellingPlanError, TResult> failed)
    {
        ArgumentNullException.ThrowIfNull(found);
        ArgumentNullException.ThrowIfNull(failed);
        return (Plan, Error) switch
        {
            ({ } plan, null) => found(plan),
            (null, { } error) => failed(error),
            _ => throw new InvalidOperationException("A selling plan result holds a plan or an error."),
        };
    }
}

/// <summary>One page of a tenant's plan ids, oldest first, and how many there are in all.</summary>
[GenerateSerializer, Immutable]
public sealed record SellingPlanPage(
    [property: Id(0)] IReadOnlyList<string> PlanIds,
    [property: Id(1)] int Total);
