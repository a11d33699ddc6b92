using System.ComponentModel.DataAnnotations;
using InventoryGrains.Api.Edge;
using Microsoft.Extensions.Options;

namespace InventoryGrains.Api.RateLimiting;

/// <summary>The cluster-wide per-key request limit (configuration section <c>Inventory:RateLimit</c>).</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "Inventory:RateLimit";

    [Range(1, int.MaxValue)]
    public int PermitLimit { get; set; } = 100;

    [Range(1, 86_400)]
    public int WindowSeconds { get; set; } = 10;

    /// <summary>Dialects limited besides those whose contract always has the limit (BSPK), by name: <c>Wix</c>, <c>Stoq</c>, <c>Crux</c>.</summary>
    public List<string> AdditionalDialects { get; set; } = [];

    public bool Limits(IDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        return dialect.RateLimit switch
        {
            DialectRateLimit.Always => true,
            DialectRateLimit.WhenConfigured => AdditionalDialects.Contains(dialect.Name, StringComparer.OrdinalIgnoreCase),
            _ => false,
        };
    }
}

/// <summary>Every dialect <see cref="RateLimitOptions.AdditionalDialects"/> names is one the front-end speaks and may limit.</summary>
public sealed class RateLimitDialectsValidator(DialectCatalog dialects) : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var limitable = dialects.All.Where(dialect => dialect.RateLimit == DialectRateLimit.WhenConfigured).Select(dialect => dialect.Tag).ToList();
        var unknown = options.AdditionalDialects.Where(named => !limitable.Contains(named, StringComparer.OrdinalIgnoreCase)).ToList();
        return unknown.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{RateLimitOptions.SectionName}:AdditionalDialects names {string.Join(", ", unknown)}; it may name {string.Join(", ", limitable)}.");
    }
}

[OptionsValidator]
public sealed partial class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>;
