namespace InventoryGrains.Abstractions.SellingPlans;

/// <summary>Whether a variant can be sold when it is out of stock (Shopify's inventory policy).</summary>
public enum InventoryPolicy
{
    Deny,
    Continue,
}

public enum InventoryPolicyJobState
{
    /// <summary>Stored and waiting for the plan's earlier jobs.</summary>
    Queued,

    /// <summary>Batches are being applied; progress is stored after each one.</summary>
    Running,

    /// <summary>Every batch was applied.</summary>
    Completed,

    /// <summary>A batch kept failing; the batches before it stay applied.</summary>
    Failed,
}

/// <summary>What a job must do: set <see cref="Policy"/> on each of <see cref="VariantIds"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record InventoryPolicyJobSpec(
    [property: Id(0)] string PlanId,
    [property: Id(1)] InventoryPolicy Policy,
    [property: Id(2)] IReadOnlyList<long> VariantIds,
    [property: Id(3)] DateTimeOffset CreatedAt);

/// <summary>A job's progress, as it is stored.</summary>
[GenerateSerializer, Immutable]
public sealed record InventoryPolicyJob(
    [property: Id(0)] string Id,
    [property: Id(1)] string PlanId,
    [property: Id(2)] InventoryPolicyJobState State,
    [property: Id(3)] InventoryPolicy Policy,
    [property: Id(4)] int Total,
    [property: Id(5)] int Processed,
    [property: Id(6)] int BatchesTotal,
    [property: Id(7)] int BatchesDone,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] DateTimeOffset? CompletedAt,
    [property: Id(10)] string? Error)
{
    public bool Finished => State is InventoryPolicyJobState.Completed or InventoryPolicyJobState.Failed;
}

/// <summary>A queued job: its id and the variants it will set, in request order.</summary>
[GenerateSerializer, Immutable]
public sealed record InventoryPolicyJobTicket(
    [property: Id(0)] string JobId,
    [property: Id(1)] IReadOnlyList<long> VariantsQueued)
{
    /// <summary>The job was queued before, by the same operation; nothing was queued now.</summary>
    [Id(2)] public bool Replayed { get; init; }
}

[GenerateSerializer, Immutable]
public sealed record QueueJobResult(
    [property: Id(0)] InventoryPolicyJobTicket? Ticket,
    [property: Id(1)] SellingPlanError? Error)
{
    /// <summary>Takes the result apart: the job queued, or why none was.</summary>
    public TResult Match<TResult>(Func<InventoryPolicyJobTicket, TResult> queued, Func<SellingPlanError, TResult> failed)
    {
        ArgumentNullException.ThrowIfNull(queued);
        ArgumentNullException.ThrowIfNull(failed);
        return (Ticket, Error) switch
        {
            ({ } ticket, null) => queued(ticket),
            (null, { } error) => failed(error),
            _ => throw new InvalidOperationException("A queue result holds a ticket or an error."),
        };
    }
}
