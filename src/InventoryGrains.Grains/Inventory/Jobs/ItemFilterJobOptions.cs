using InventoryGrains.Grains.Jobs;

namespace InventoryGrains.Grains.Inventory.Jobs;

/// <summary>How by-filter item jobs run (configuration section <c>Inventory:ItemJobs</c>): a step is one page of items.</summary>
public sealed class ItemFilterJobOptions : JobOptions
{
    public const string SectionName = "Inventory:ItemJobs";
}
