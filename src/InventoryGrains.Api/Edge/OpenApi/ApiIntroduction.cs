using System.Globalization;
using System.Text;
using InventoryGrains.Api.Authentication;
using InventoryGrains.Api.Edge.Idempotency;

namespace InventoryGrains.Api.Edge.OpenApi;

/// <summary>The introduction of the API reference (Markdown), and the description of each dialect's tag.</summary>
public static class ApiIntroduction
{
    public static string Markdown()
    {
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
            | **Wix** — Stores Catalog V3 inventory | `{{DialectRoutes.WixPrefix}}/v3` | camelCase; revisions are strings |
            | **Stoq** — preorders: selling plans, variants, inventory-policy jobs | `{{DialectRoutes.StoqPrefix}}` | snake_case |
            | **Crux** — TIMP SKU inventory | `{{DialectRoutes.CruxPrefix}}/products/skus/` | snake_case; bodies are bare arrays, one status per element |
            | **BSPK** — platform inventory batches | `{{DialectRoutes.BspkPrefix}}/v1/products/inventories/batches` | snake_case |

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
        foreach (var (dialect, shape) in new[]
        {
            (Dialect.Wix, "`WixErrorBody`: `message`, and `details.applicationError` with `code`, `description` and, for some codes, `data`"),
            (Dialect.Stoq, "`StoqErrorBody` `{\"error\"}`; a broken plan rule or a reused idempotency key: `StoqFieldErrorsBody` `{\"errors\": {field: [messages]}}`"),
            (Dialect.Crux, "`CruxErrorBody` `{\"detail\"}`"),
            (Dialect.Bspk, "`BspkErrorBody` `{\"errors\": [{\"title\", \"code\"}]}`"),
            (Dialect.None, "problem details (`application/problem+json`)"),
        })
        {
            var example = RouteDocumentation.ToJson(Example(dialect), dialect).ToJsonString();
            text.Append(CultureInfo.InvariantCulture, $"| {(dialect == Dialect.None ? "service routes" : DialectRoutes.TagOf(dialect))} | {shape} | `{example}` |\n");
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

    public static string TagDescription(Dialect dialect) => dialect switch
    {
        Dialect.Wix => $"Wix Stores Catalog V3 inventory under `{DialectRoutes.WixPrefix}/v3`: camelCase JSON, `revision` as a string. Single-item routes answer item errors with 400, 404, 409, 428 or 503; bulk routes answer 200 with one result per entry.",
        Dialect.Stoq => $"Stoq preorders under `{DialectRoutes.StoqPrefix}`: selling plans, their variants, bulk inventory-policy jobs and variants. snake_case JSON.",
        Dialect.Crux => $"Crux TIMP SKUs under `{DialectRoutes.CruxPrefix}/products/skus/`: the body is a bare JSON array of 1 to {BulkPipeline.MaxEntries} SKU objects, and the answer an array with a `status_code` per element (HTTP 200 whenever the array could be read). Paths end with `/`, as in the original API; they are served without it too.",
        Dialect.Bspk => "BSPK platform inventory batches: create or update by (`sku`, `store_ref`), ordered by each record's effective time `at`. Always rate limited.",
        _ => "The service's own routes: the index of links, and the tenant of a key.",
    };

    private static object Example(Dialect dialect)
    {
        var result = DialectErrors.Result(dialect, DialectError.InvalidJson());
        return result switch
        {
            Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult problem => problem.ProblemDetails,
            Microsoft.AspNetCore.Http.IValueHttpResult { Value: { } value } => value,
            _ => throw new InvalidOperationException($"The {dialect} error has no body."),
        };
    }
}
