using System.Text.Json;

namespace InventoryGrains.Api.Edge;

/// <summary>
/// One API dialect: where its routes live, how it writes JSON, the shape of its whole-request
/// errors, whether it is rate limited, and what the API reference says of it. Each dialect's
/// folder holds its one implementation; the edge (authentication, rate limit, idempotency, request
/// checks, errors, the bulk pipeline, the API reference) works through this interface only.
/// </summary>
public interface IDialect
{
    /// <summary>How the dialect is named in the ledger, metrics and logs: <c>wix</c>, <c>stoq</c>, …</summary>
    string Name { get; }

    /// <summary>The tag the API reference lists its routes under.</summary>
    string Tag { get; }

    /// <summary>The path prefix of its routes (<c>/stores</c>); empty for the service's own routes, found by metadata only.</summary>
    string Prefix { get; }

    /// <summary>How it writes JSON (its errors and answers).</summary>
    JsonSerializerOptions Json { get; }

    DialectRateLimit RateLimit { get; }

    /// <summary>A whole-request error in the dialect's shape, with the error's status.</summary>
    IResult ErrorResult(DialectError problem);

    DialectDocumentation Documentation { get; }
}

/// <summary>Whether the cluster-wide rate limit counts a dialect's requests.</summary>
public enum DialectRateLimit
{
    Never,

    /// <summary>When <c>Inventory:RateLimit:AdditionalDialects</c> names it.</summary>
    WhenConfigured,

    /// <summary>Its contract has the limit.</summary>
    Always,
}

/// <summary>What the API reference says of a dialect.</summary>
/// <param name="Title">The row of the dialects table: <c>**Wix** — Stores Catalog V3 inventory</c>.</param>
/// <param name="BasePath">Where its routes start, as the table shows it.</param>
/// <param name="JsonNotes">How its JSON differs: <c>camelCase; revisions are strings</c>.</param>
/// <param name="ErrorShape">Its error body, in Markdown.</param>
/// <param name="TagDescription">The description of its tag.</param>
public sealed record DialectDocumentation(string Title, string BasePath, string JsonNotes, string ErrorShape, string TagDescription);
