using InventoryGrains.Abstractions.Inventory;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Metadata;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Grains.Inventory;

/// <summary>
/// References to item grains by tenant and item id, with the grain and interface types resolved
/// once per process: <c>GetGrain&lt;IInventoryItemGrain&gt;(key)</c> resolves them from the
/// interface's attributes on every call, a measurable share of a bulk that names a thousand items
/// and of every checkout.
/// </summary>
public sealed class ItemGrainReferences
{
    private static (GrainInterfaceType Interface, GrainType Grain)? s_types;

    private readonly IGrainFactory _grains;
    private readonly GrainInterfaceType _interfaceType;
    private readonly GrainType _grainType;

    private ItemGrainReferences(IGrainFactory grains, (GrainInterfaceType Interface, GrainType Grain) types)
    {
        _grains = grains;
        (_interfaceType, _grainType) = types;
    }

    /// <summary>References made through <paramref name="grains"/>; the types come from the silo's resolvers the first time.</summary>
    public static ItemGrainReferences Of(IGrainFactory grains, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return new(grains, s_types ??= Resolve(services));
    }

    public IInventoryItemGrain Get(string tenant, string itemId) =>
        (IInventoryItemGrain)_grains.GetGrain(GrainId.Create(_grainType, InventoryItemKey.Format(tenant, itemId)), _interfaceType);

    private static (GrainInterfaceType, GrainType) Resolve(IServiceProvider services)
    {
        var interfaceType = services.GetRequiredService<GrainInterfaceTypeResolver>().GetGrainInterfaceType(typeof(IInventoryItemGrain));
        return (interfaceType, services.GetRequiredService<GrainInterfaceTypeToGrainTypeResolver>().GetGrainType(interfaceType));
    }
}
