using InventoryGrains.Abstractions.Inventory.Queries;
using Orleans.Concurrency;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Abstractions.Inventory.Jobs;

/// <summary>
/// A durable job that applies one change to every item a filter selects (key: <see cref="TenantKey"/>
/// with the job id). It walks the filter's items a page at a time through the bulk coordinator and
/// stores its position and outcome counts after each page; after a crash it resumes from the last
/// stored page. Each item's change carries an operation id of the job's, so a page that runs again
/// applies nothing twice.
/// </summary>
public interface IItemFilterJobGrain : IGrainWithStringKey
{
    /// <summary>Creates and starts the job; a job that exists already is left as it is and described.</summary>
    Task<ItemFilterJobStatus> StartAsync(ItemFilterJobSpec spec);

    /// <summary>The job, or null when there is none under this id.</summary>
    [ReadOnly]
    Task<ItemFilterJobStatus?> GetAsync();
}

public enum ItemFilterJobState
{
    Running,
    Completed,
}

/// <summary>
/// What a job does to each item its filter selects: <see cref="Change"/> (an update, a deletion or an
/// adjustment), or, with <see cref="CreateAtLocation"/>, create an item of the selected item's
/// variant at that location.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ItemFilterJobSpec(
    [property: Id(0)] ItemFilter? Filter,
    [property: Id(1)] InventoryCommand? Change,
    [property: Id(2)] ChangeContext Context,
    [property: Id(3)] DateTimeOffset CreatedAt)
{
    /// <summary>The location to create an item at for every variant selected (and not stocked there yet).</summary>
    [Id(4)] public string? CreateAtLocation { get; init; }

    /// <summary>The new items' quantity, with <see cref="CreateAtLocation"/>.</summary>
    [Id(5)] public int CreateQuantity { get; init; }
}

/// <param name="Processed">Items the job has run its change on so far.</param>
/// <param name="FailuresByCode">Failed items by error code.</param>
[GenerateSerializer, Immutable]
public sealed record ItemFilterJobStatus(
    [property: Id(0)] string JobId,
    [property: Id(1)] ItemFilterJobState State,
    [property: Id(2)] long Processed,
    [property: Id(3)] long Succeeded,
    [property: Id(4)] long Failed,
    [property: Id(5)] IReadOnlyDictionary<string, long> FailuresByCode,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] DateTimeOffset? CompletedAt);
