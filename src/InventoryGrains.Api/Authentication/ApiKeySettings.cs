using System.ComponentModel.DataAnnotations;

namespace InventoryGrains.Api.Authentication;

/// <summary>One API key and the tenant (shop) it acts for. Bound from <c>Inventory:ApiKeys</c>.</summary>
public sealed class ApiKeySettings
{
    public const string SectionName = "Inventory:ApiKeys";

    [Required(AllowEmptyStrings = false)]
    public string Key { get; set; } = "";

    [Required(AllowEmptyStrings = false)]
    public string Tenant { get; set; } = "";
}
