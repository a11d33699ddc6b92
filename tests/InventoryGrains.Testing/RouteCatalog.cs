namespace InventoryGrains.Testing;

/// <summary>Every route of every dialect, with a well-formed body, to be filled with real ids.</summary>
public static class RouteCatalog
{
    public sealed record Route(string Name, HttpMethod Method, string Path, string? Body)
    {
        public string Dialect => Path switch
        {
            _ when Path.StartsWith("/stores", StringComparison.Ordinal) => "wix",
            _ when Path.StartsWith("/api/v1/external", StringComparison.Ordinal) => "stoq",
            _ when Path.StartsWith("/timp", StringComparison.Ordinal) => "crux",
            _ when Path.StartsWith("/api/platform", StringComparison.Ordinal) => "bspk",
            _ => "none",
        };

        public Route With(Ids ids) => this with { Path = ids.Fill(Path), Body = Body is null ? null : ids.Fill(Body) };
    }

    /// <summary>The resources one tenant owns; the others' requests name them.</summary>
    public sealed record Ids(string Item, string Plan, string Job, long Variant, string Sku, string BspkSku, string Webhook, string Reservation)
    {
        public string Fill(string text) => text
            .Replace("{webhook}", Webhook, StringComparison.Ordinal)
            .Replace("{reservation}", Reservation, StringComparison.Ordinal)
            .Replace("{item}", Item, StringComparison.Ordinal)
            .Replace("{plan}", Plan, StringComparison.Ordinal)
            .Replace("{job}", Job, StringComparison.Ordinal)
            .Replace("{variant}", Variant.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{sku}", Sku, StringComparison.Ordinal)
            .Replace("{bspk}", BspkSku, StringComparison.Ordinal);
    }

    public static IReadOnlyList<Route> All { get; } =
    [
        new("wix create", HttpMethod.Post, "/stores/v3/inventory-items", """{"inventoryItem":{"variantId":"v","quantity":1}}"""),
        new("wix get", HttpMethod.Get, "/stores/v3/inventory-items/{item}", null),
        new("wix bulk create", HttpMethod.Post, "/stores/v3/bulk/inventory-items/create", """{"inventoryItems":[{"variantId":"v","quantity":1}]}"""),
        new("wix bulk update", HttpMethod.Post, "/stores/v3/bulk/inventory-items/update", """{"inventoryItems":[{"inventoryItem":{"id":"{item}","revision":"1","quantity":99}}],"returnEntity":true}"""),
        new("wix bulk decrement", HttpMethod.Post, "/stores/v3/bulk/inventory-items/decrement", """{"decrementData":[{"inventoryItemId":"{item}","decrementBy":1}],"returnEntity":true}"""),
        new("wix query", HttpMethod.Post, "/stores/v3/inventory-items/query", """{"query":{"filter":{"id":"{item}","quantity":{"$gte":0}},"sort":[{"fieldName":"quantity","order":"DESC"}],"cursorPaging":{"limit":10}}}"""),
        new("wix search", HttpMethod.Post, "/stores/v3/inventory-items/search", """{"search":{"filter":{"id":{"$in":["{item}"]}},"aggregations":[{"name":"q","type":"SCALAR","fieldPath":"quantity","scalar":{"type":"MAX"}}]}}"""),
        new("wix count", HttpMethod.Post, "/stores/v3/inventory-items/count", """{"filter":{"$or":[{"id":"{item}"},{"inStock":true}]}}"""),
        new("wix bulk increment", HttpMethod.Post, "/stores/v3/bulk/inventory-items/increment", """{"incrementData":[{"inventoryItemId":"{item}","incrementBy":1}],"returnEntity":true}"""),
        new("wix update", HttpMethod.Patch, "/stores/v3/inventory-items/{item}", """{"inventoryItem":{"revision":"1","quantity":99},"reason":"MANUAL"}"""),
        new("wix delete", HttpMethod.Delete, "/stores/v3/inventory-items/{item}", null),
        new("wix bulk delete", HttpMethod.Post, "/stores/v3/bulk/inventory-items/delete", """{"inventoryItemIds":["{item}"]}"""),
        new("wix bulk upsert", HttpMethod.Post, "/stores/v3/bulk/inventory-items/upsert", """{"inventoryItems":[{"inventoryItem":{"variantId":"{item}","quantity":99},"fieldMask":"quantity"}],"returnEntity":true}"""),
        new("wix bulk decrement by variant", HttpMethod.Post, "/stores/v3/bulk/inventory-items/decrement-by-variant-and-location", """{"decrementData":[{"variantId":"{item}","decrementBy":1}],"returnEntity":true}"""),
        new("wix bulk increment by variant", HttpMethod.Post, "/stores/v3/bulk/inventory-items/increment-by-variant-and-location", """{"incrementData":[{"variantId":"{item}","incrementBy":1}],"returnEntity":true}"""),
        new("wix query", HttpMethod.Get, "/stores/v3/inventory-items/query", null),
        new("wix query by post", HttpMethod.Post, "/stores/v3/inventory-items/query", """{"query":{"filter":{"id":"{item}"}}}"""),
        new("wix search", HttpMethod.Get, "/stores/v3/inventory-items/search", null),
        new("wix search by post", HttpMethod.Post, "/stores/v3/inventory-items/search", """{"search":{"filter":{"id":"{item}"}}}"""),
        new("wix count", HttpMethod.Get, "/stores/v3/inventory-items/count", null),
        new("wix count by post", HttpMethod.Post, "/stores/v3/inventory-items/count", """{"filter":{"id":"{item}"}}"""),
        new("wix update by filter", HttpMethod.Post, "/stores/v3/bulk/inventory-items/update-by-filter", """{"filter":{"id":"{item}"},"inventoryItem":{"quantity":99}}"""),
        new("wix delete by filter", HttpMethod.Post, "/stores/v3/bulk/inventory-items/delete-by-filter", """{"filter":{"id":"{item}"}}"""),
        new("wix adjust by filter", HttpMethod.Post, "/stores/v3/bulk/inventory-items/adjust-by-filter", """{"filter":{"id":"{item}"},"adjustment":{"incrementBy":5}}"""),
        new("wix set or adjust by filter", HttpMethod.Post, "/stores/v3/bulk/inventory-items/set-or-adjust-by-filter", """{"filter":{"id":"{item}"},"adjustedInventoryAction":{"incrementBy":5}}"""),
        new("wix create by variant filter", HttpMethod.Post, "/stores/v3/bulk/inventory-items/create-by-variant-filter", """{"filter":{"id":"{item}"},"locationId":"elsewhere","inventoryCreationData":{"quantity":1}}"""),
        new("item job", HttpMethod.Get, "/v1/inventory-item-jobs/{job}", null),
        new("item changes", HttpMethod.Get, "/v1/inventory-items/{item}/changes", null),
        new("item", HttpMethod.Get, "/v1/inventory-items/{item}", null),
        new("set quantities", HttpMethod.Post, "/v1/inventory-quantities/set", """{"name":"available","reason":"correction","quantities":[{"itemId":"{item}","quantity":77,"changeFromQuantity":null}]}"""),
        new("adjust quantities", HttpMethod.Post, "/v1/inventory-quantities/adjust", """{"name":"damaged","reason":"damaged","changes":[{"itemId":"{item}","delta":1,"changeFromQuantity":null}]}"""),
        new("move quantities", HttpMethod.Post, "/v1/inventory-quantities/move", """{"reason":"damaged","referenceDocumentUri":"gid://shop/Order/1","changes":[{"itemId":"{item}","quantity":1,"from":{"name":"available","changeFromQuantity":null},"to":{"name":"damaged","changeFromQuantity":null}}]}"""),
        new("create reservation", HttpMethod.Post, "/v1/reservations", """{"id":"{reservation}","lines":[{"itemId":"{item}","quantity":1}],"expiresInSeconds":60}"""),
        new("list reservations", HttpMethod.Get, "/v1/reservations", null),
        new("reservation", HttpMethod.Get, "/v1/reservations/{reservation}", null),
        new("confirm reservation", HttpMethod.Post, "/v1/reservations/{reservation}/confirm", null),
        new("release reservation", HttpMethod.Post, "/v1/reservations/{reservation}/release", null),
        new("fulfil reservation", HttpMethod.Post, "/v1/reservations/{reservation}/fulfil", null),
        new("cancel reservation", HttpMethod.Post, "/v1/reservations/{reservation}/cancel", null),
        new("extend reservation", HttpMethod.Post, "/v1/reservations/{reservation}/extend", """{"expiresInSeconds":120}"""),
        new("change feed", HttpMethod.Get, "/v1/changes", null),
        new("create webhook", HttpMethod.Post, "/v1/webhooks", """{"url":"http://127.0.0.1:9/hook","description":"x"}"""),
        new("list webhooks", HttpMethod.Get, "/v1/webhooks", null),
        new("webhook deliveries", HttpMethod.Get, "/v1/webhooks/{webhook}/deliveries", null),
        new("delete webhook", HttpMethod.Delete, "/v1/webhooks/{webhook}", null),
        new("stoq create plan", HttpMethod.Post, "/api/v1/external/preorders", """{"selling_plan":{"name":"x"}}"""),
        new("stoq list plans", HttpMethod.Get, "/api/v1/external/preorders", null),
        new("stoq get plan", HttpMethod.Get, "/api/v1/external/preorders/{plan}", null),
        new("stoq update plan", HttpMethod.Put, "/api/v1/external/preorders/{plan}", """{"selling_plan":{"name":"taken over"}}"""),
        new("stoq delete plan", HttpMethod.Delete, "/api/v1/external/preorders/{plan}", null),
        new("stoq add variants", HttpMethod.Post, "/api/v1/external/preorders/{plan}/variants", """{"shopify_variant_ids":[{variant}]}"""),
        new("stoq remove variants", HttpMethod.Delete, "/api/v1/external/preorders/{plan}/variants", """{"shopify_variant_ids":[{variant}]}"""),
        new("stoq toggle", HttpMethod.Post, "/api/v1/external/preorders/{plan}/bulk_toggle_inventory_policy", """{"shopify_variant_ids":[{variant}],"inventory_policy":"CONTINUE"}"""),
        new("stoq job", HttpMethod.Get, "/api/v1/external/preorders/{plan}/jobs/{job}", null),
        new("stoq variant", HttpMethod.Get, "/api/v1/external/variants/{variant}", null),
        new("crux create skus", HttpMethod.Post, "/timp/products/skus/", """[{"sku_id":"{sku}","quantity_in_stock":1}]"""),
        new("crux bulk inventory", HttpMethod.Post, "/timp/products/skus/inventory/bulk/", """[{"sku_id":"{sku}","quantity_in_stock":77}]"""),
        new("bspk batch", HttpMethod.Post, "/api/platform/v1/products/inventories/batches", """{"inventories":[{"product_ref":"other","sku":"{bspk}","quantity":77,"store_ref":"str1","at":"2030-01-01T00:00:00Z"}]}"""),
        new("tenant", HttpMethod.Get, "/tenant", null),
    ];
}
