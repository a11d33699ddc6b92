using System.ComponentModel.DataAnnotations;

namespace InventoryGrains.Grains.Inventory;

/// <summary>How writes of several items, all or nothing, run (configuration section <c>Inventory:AllOrNothing</c>).</summary>
public sealed class AllOrNothingOptions
{
    public const string SectionName = "Inventory:AllOrNothing";

    /// <summary>
    /// The longest an item holds for a prepared write before it reads itself back from the store and
    /// goes on. Longer than a group write takes; its only cost is how long a lost coordinator keeps
    /// an item's other changes waiting.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan HoldTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
