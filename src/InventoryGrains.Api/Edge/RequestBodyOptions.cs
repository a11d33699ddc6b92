using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace InventoryGrains.Api.Edge;

/// <summary>Bound from <c>Inventory:Http</c>.</summary>
public sealed class RequestBodyOptions
{
    public const string SectionName = "Inventory:Http";

    /// <summary>Largest accepted request body; larger ones get 413 in the dialect's shape.</summary>
    [Range(1024, 1L << 30)]
    public long MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;
}

[OptionsValidator]
public sealed partial class RequestBodyOptionsValidator : IValidateOptions<RequestBodyOptions>;
