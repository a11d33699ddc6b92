using InventoryGrains.Domain.Identifiers;

namespace InventoryGrains.Abstractions.Identifiers;

/// <summary>
/// The identifier index entry of a variant (key of an <see cref="IIdentifierIndexGrain"/>): per
/// location, the one item that is this variant there. An item is unique per tenant, variant and
/// location; its creation claims the entry, its deletion frees it.
/// </summary>
public static class VariantIndexKey
{
    public static string Format(string tenant, string variantId) => TenantKey.Format(tenant, ProductIdentifier.VariantKey(variantId));
}
