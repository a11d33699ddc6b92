using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace InventoryGrains.Api.Authentication;

/// <summary>One API key and the tenant (shop) it acts for. An item of <c>Inventory:ApiKeys</c>.</summary>
public sealed class ApiKeyOptions
{
    public const string SectionName = "Inventory:ApiKeys";

    [Required(AllowEmptyStrings = false)]
    public string Key { get; set; } = "";

    /// <summary>Every grain key starts with the tenant and a '/', so a tenant cannot contain one.</summary>
    [Required(AllowEmptyStrings = false)]
    [RegularExpression("^[^/]+$", ErrorMessage = "A tenant cannot contain '/'.")]
    public string Tenant { get; set; } = "";
}

/// <summary>The configured keys: <c>Inventory:ApiKeys:N:Key</c> and <c>…:Tenant</c>.</summary>
public sealed class ApiKeysOptions
{
    public const string SectionName = "Inventory";

    [ValidateEnumeratedItems]
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];
}

[OptionsValidator]
public sealed partial class ApiKeysOptionsValidator : IValidateOptions<ApiKeysOptions>;
