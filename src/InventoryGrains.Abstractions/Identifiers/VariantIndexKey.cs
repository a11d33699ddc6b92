namespace InventoryGrains.Abstractions.Identifiers;

/// <summary>
/// The identifier index entry of a variant (key of an <see cref="IIdentifierIndexGrain"/>): per
/// location, the one item that is this variant there. An item is unique per tenant, variant and
/// location; its creation claims the entry, its deletion frees it.
/// </summary>
public static class VariantIndexKey
{
    private const string Prefix = "variant:";

    public static string Format(string tenant, string variantId) => TenantKey.Format(tenant, LocalKey(variantId));

    /// <summary>The key within the tenant, as <see cref="ProductIdentifier.TryNormalize"/> gives it for <see cref="IdentifierKind.Variant"/>.</summary>
    public static string LocalKey(string variantId) => Prefix + variantId;
}
