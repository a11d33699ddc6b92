using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using InventoryGrains.Testing;

namespace InventoryGrains.Api.Tests.Console;

/// <summary>What an open item page polls: nothing until the item changes after the revision it shows, then its quantities now.</summary>
public sealed class ConsoleLiveTests(ConfiguredKeysApiFactory factory) : IClassFixture<ConfiguredKeysApiFactory>
{
    [Fact]
    public async Task An_open_page_hears_nothing_until_its_item_changes_then_gets_its_revision_and_quantities()
    {
        var id = $"live-{Guid.NewGuid():N}";
        using var shop = factory.CreateClient().WithApiKey("shop-one-secret");
        Assert.Equal(HttpStatusCode.OK, (await shop.PostAsync("/stores/v3/inventory-items",
            new StringContent($$$"""{"inventoryItem":{"id":"{{{id}}}","variantId":"v-{{{id}}}","quantity":4}}""", Encoding.UTF8, "application/json"))).StatusCode);
        using var browser = ConsoleSession.Browser(factory);
        Assert.Equal(HttpStatusCode.Redirect, (await ConsoleSession.SignInAsync(browser, "shop-one-secret")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await browser.GetAsync($"/console/items/{id}/live?revision=1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await shop.PostAsync("/v1/inventory-quantities/adjust",
            new StringContent($$$"""{"name":"damaged","reason":"damaged","changes":[{"itemId":"{{{id}}}","delta":1,"changeFromQuantity":0}]}""", Encoding.UTF8, "application/json"))).StatusCode);
        using var changed = await browser.GetAsync($"/console/items/{id}/live?revision=1");

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var body = (await changed.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(2, body["revision"]!.GetValue<long>());
        Assert.Equal((4, 1, 5), (body["quantities"]!["available"]!.GetValue<long>(), body["quantities"]!["damaged"]!.GetValue<long>(), body["quantities"]!["onHand"]!.GetValue<long>()));
        Assert.Equal(HttpStatusCode.NoContent, (await browser.GetAsync($"/console/items/{id}/live?revision=2")).StatusCode);

        // Another tenant's console sees nothing of it.
        using var other = ConsoleSession.Browser(factory);
        Assert.Equal(HttpStatusCode.Redirect, (await ConsoleSession.SignInAsync(other, "shop-two-secret")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await other.GetAsync($"/console/items/{id}/live?revision=0")).StatusCode);
        using var anonymous = ConsoleSession.Browser(factory);
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync($"/console/items/{id}/live?revision=0")).StatusCode);
    }
}
