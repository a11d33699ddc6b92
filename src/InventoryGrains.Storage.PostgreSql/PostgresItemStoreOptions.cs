using System.ComponentModel.DataAnnotations;
using InventoryGrains.Storage.GroupCommit;
using Microsoft.Extensions.Options;

namespace InventoryGrains.Storage.PostgreSql;

/// <summary>The PostgreSQL item store's batching and timeouts. Bound from <c>Inventory:Storage:Items</c>.</summary>
public sealed class PostgresItemStoreOptions
{
    public const string SectionName = "Inventory:Storage:Items";

    /// <summary>Writes: up to <see cref="GroupCommitOptions.MaxBatchSize"/> rows per statement and commit.</summary>
    [ValidateObjectMembers]
    public GroupCommitOptions Writes { get; set; } = new();

    /// <summary>
    /// Writes of several items that are all or nothing (quantity operations on many items,
    /// reservations): up to <see cref="GroupCommitOptions.MaxBatchSize"/> groups per transaction.
    /// </summary>
    [ValidateObjectMembers]
    public GroupCommitOptions GroupWrites { get; set; } = new() { Partitions = 2, MaxBatchSize = 64 };

    /// <summary>Reads of activating items: many keys per query.</summary>
    [ValidateObjectMembers]
    public GroupCommitOptions Reads { get; set; } = new() { Partitions = 2 };

    /// <summary>
    /// How long one batch statement may run. Kept below the time a bulk waits for one item, so that
    /// a write's outcome is known before its caller is told it is unknown.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(8);
}

[OptionsValidator]
public sealed partial class PostgresItemStoreOptionsValidator : IValidateOptions<PostgresItemStoreOptions>;
