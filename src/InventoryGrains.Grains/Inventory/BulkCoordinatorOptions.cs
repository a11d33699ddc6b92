using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Grains.Inventory;

/// <summary>Bound from <c>Inventory:Bulk</c>.</summary>
public sealed class BulkCoordinatorOptions
{
    public const string SectionName = "Inventory:Bulk";

    /// <summary>
    /// The longest a bulk waits for its items: entries not answered by then (an item on a silo that
    /// died or hangs, until membership declares it dead) answer <c>UNAVAILABLE</c>, and entries not
    /// started by then are not sent. Below the 15 s a caller waits for the coordinator, so the
    /// caller always gets the answers that did come back.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:14")]
    public TimeSpan Deadline { get; set; } = TimeSpan.FromSeconds(12);
}

[OptionsValidator]
public sealed partial class BulkCoordinatorOptionsValidator : IValidateOptions<BulkCoordinatorOptions>;
