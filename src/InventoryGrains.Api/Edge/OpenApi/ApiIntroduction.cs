using System.Globalization;
using System.Text;
using InventoryGrains.Api.Authentication;
using InventoryGrains.Api.Edge.Idempotency;

namespace InventoryGrains.Api.Edge.OpenApi;

/// <summary>The introduction of the API reference (Markdown), from what each dialect says of itself.</summary>
public static class ApiIntroduction
{
    public static string Markdown(IReadOnlyList<IDialect> dialects)
    {
        ArgumentNullException.ThrowIfNull(dialects);
        var services = dialects.Where(dialect => dialect.Prefix.Length > 0).ToList();
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $$"""
            InventoryGrains keeps inventory items (a variant at a location: stock, preorder settings,
            availability), selling plans and the inventory policy of variants, for many merchants
            (tenants) at once. It speaks four API dialects, each modelled on an existing public API.
            The dialects only translate: every inventory change of every dialect goes through the same
            rules, so an item created through one dialect can be changed through another.

            ## Dialects

            | dialect | base path | JSON |
            | --- | --- | --- |
            {{string.Join("\n", services.Select(dialect => $"| {dialect.Documentation.Title} | {dialect.Documentation.BasePath} | {dialect.Documentation.JsonNotes} |"))}}

            The path prefix decides the dialect, and so the shape of every error (below). Crux and
            BSPK name items by identifiers (SKU, UPC-A, EAN-13, GTIN-14, ISBN); Wix names them by id.

            ## Authentication

            Every route needs an API key, except `GET /`, the health routes, this page and its OpenAPI
            document. Each key acts for one tenant, and everything a request reads or changes is that
            tenant's own. The key may be sent in any of four forms:

            ```
            X-Auth-Token: KEY
            Authorization: Bearer KEY
            Authorization: Token KEY
            Authorization: KEY
            ```

            `X-Auth-Token` is read first; when it is absent or blank, `Authorization` is read. `Bearer`
            and `Token` are recognised in any letter case; any other `Authorization` value is the key
            itself. A missing or unknown key is 401 in the error shape of the dialect addressed.

            **On this page:** enter your key under *Authentication* (the `X-Auth-Token` scheme is
            selected; `Bearer` and `Authorization` are the other forms), then use *Test Request*.
            The embedded development mode (`dotnet run --project src/InventoryGrains.Api`, no keys
            configured) accepts the key `{{ApiKeyStore.DevelopmentKey}}` for tenant `{{ApiKeyStore.DevelopmentTenant}}`, and the page fills it in there.

            Keys are configured under `Inventory:ApiKeys` (`Inventory__ApiKeys__0__Key`,
            `Inventory__ApiKeys__0__Tenant`); `GET /tenant` tells which tenant a key acts for.

            ## Retrying safely: `{{IdempotencyMiddleware.KeyHeader}}`

            Every change (POST, PUT, DELETE) of every dialect accepts an optional
            `{{IdempotencyMiddleware.KeyHeader}}` header: 1–{{IdempotencyMiddleware.MaxKeyLength}} visible ASCII characters, chosen by the caller, a new
            one for each change. A change whose answer was lost (a timeout, a 503, an entry answered
            `UNAVAILABLE`) may or may not have been applied: send it again with the same key, and each
            of its entries is applied exactly once. A definite answer is replayed as it was, with
            `{{IdempotencyMiddleware.ReplayedHeader}}: true`. The same key with a different request
            (method, path or body) is 422 `IDEMPOTENCY_KEY_REUSED`; a repeat while the first request
            still runs is 409 `IDEMPOTENCY_KEY_IN_USE`. Keys are kept for 24 hours by default. Without
            a key, a request sent twice is applied twice.

            ## Bulk requests

            Wix bulk routes, the Crux routes and the BSPK batch take 1 to {{BulkPipeline.MaxEntries}} entries. Each entry
            succeeds or fails on its own and the request answers 200 with one result per entry, in
            request order; entries for the same item apply in request order, different items
            concurrently. A body that cannot be read at all, an empty array or more than {{BulkPipeline.MaxEntries}}
            entries is a whole-request error (BSPK: an empty batch is 422).

            ## Errors

            A request that cannot be processed gets one error in its dialect's shape; bad input is a
            4xx, never a 500. 401: no valid key. 413: a body over `Inventory:Http:MaxRequestBodyBytes`
            (4 MiB by default). 415: a body without `Content-Type: application/json`. 429: over the
            key's rate limit (BSPK always; Wix, Stoq and Crux when configured), with `Retry-After`.
            503: the cluster could not be reached, the outcome is unknown — repeat with the same
            `{{IdempotencyMiddleware.KeyHeader}}`. Each operation lists the statuses it can answer, with examples.

            | dialect | error body | example (a 400) |
            | --- | --- | --- |

            """);
        foreach (var dialect in services.Append(dialects.First(dialect => dialect.Prefix.Length == 0)))
        {
            var example = RouteDocumentation.ToJson(Example(dialect), dialect).ToJsonString();
            text.Append(CultureInfo.InvariantCulture, $"| {(dialect.Prefix.Length == 0 ? "service routes" : dialect.Tag)} | {dialect.Documentation.ErrorShape} | `{example}` |\n");
        }

        text.Append("""

            Per-entry errors of bulk routes carry the contract's codes (`INVENTORY_ITEM_NOT_FOUND`,
            `REVISION_MISMATCH`, `INVALID_ARGUMENT`, `INSUFFICIENT_INVENTORY`, …) in each dialect's
            spelling: Wix `itemMetadata.error.code`, Crux the element's `status_code` and message, BSPK
            the entry's `status` and message.

            The repository's `docs/` pages (`api.md`, `wix.md`, `stoq.md`, `crux.md`, `bspk.md`,
            `idempotency.md`) give every rule in full.
            """);
        return text.ToString();
    }

    private static object Example(IDialect dialect)
    {
        var result = dialect.ErrorResult(DialectError.InvalidJson());
        return result switch
        {
            Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult problem => problem.ProblemDetails,
            Microsoft.AspNetCore.Http.IValueHttpResult { Value: { } value } => value,
            _ => throw new InvalidOperationException($"The {dialect.Name} error has no body."),
        };
    }
}
