using InventoryGrains.Abstractions.Inventory;
using Orleans.Metadata;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Grains.Inventory;

/// <summary>
/// References to item grains by tenant and item id, with the grain and interface types resolved
/// once: <c>GetGrain&lt;IInventoryItemGrain&gt;(key)</c> resolves them by naming convention on every
/// call, a measurable share of a bulk that names a thousand items.
/// </summary>
public sealed class ItemGrainReferences
{
    private readonly IGrainFactory _grains;
    private readonly GrainInterfaceType _interfaceType;
    private readonly GrainType _grainType;

    public ItemGrainReferences(IGrainFactory grains, GrainInterfaceTypeResolver interfaceTypes, GrainInterfaceTypeToGrainTypeResolver grainTypes)
    {
        ArgumentNullException.ThrowIfNull(interfaceTypes);
        ArgumentNullException.ThrowIfNull(grainTypes);
        _grains = grains;
        _interfaceType = interfaceTypes.GetGrainInterfaceType(typeof(IInventoryItemGrain));
        _grainType = grainTypes.GetGrainType(_interfaceType);
    }

    public IInventoryItemGrain Get(string tenant, string itemId) =>
        (IInventoryItemGrain)_grains.GetGrain(GrainId.Create(_grainType, InventoryItemKey.Format(tenant, itemId)), _interfaceType);
}
