using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using InventoryGrains.Testing;

namespace InventoryGrains.Api.Tests;

/// <summary>The ledger over HTTP: one item's changes and the tenant's feed, paged by cursor.</summary>
public sealed class ChangeEndpointsTests(ConfiguredKeysApiFactory factory) : IClassFixture<ConfiguredKeysApiFactory>
{
    private HttpClient Client(string key) => factory.CreateClient().WithApiKey(key);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<string> CreateAsync(HttpClient client, int quantity)
    {
        using var response = await client.PostAsync("/stores/v3/inventory-items", Json($$$"""{"inventoryItem":{"variantId":"{{{Guid.NewGuid()}}}","quantity":{{{quantity}}}}}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["inventoryItem"]!["id"]!.GetValue<string>();
    }

    private static async Task IncrementAsync(HttpClient client, string id, int by)
    {
        using var response = await client.PostAsync("/stores/v3/bulk/inventory-items/increment", Json($$"""{"incrementData":[{"inventoryItemId":"{{id}}","incrementBy":{{by}}}],"reason":"REVERT_INVENTORY_CHANGE"}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_items_ledger_holds_every_change_oldest_first_in_pages_and_ends_with_its_deletion()
    {
        using var client = Client("shop-one-secret");
        var id = await CreateAsync(client, 5);
        for (var i = 1; i <= 4; i++)
        {
            await IncrementAsync(client, id, i);
        }

        using (await client.DeleteAsync($"/stores/v3/inventory-items/{id}"))
        {
        }

        var changes = new List<JsonNode>();
        string? cursor = null;
        do
        {
            var page = (await client.GetFromJsonAsync<JsonObject>($"/v1/inventory-items/{id}/changes?limit=2" + (cursor is null ? "" : $"&cursor={cursor}")))!;
            changes.AddRange(page["changes"]!.AsArray()!);
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        Assert.Equal([1L, 2, 3, 4, 5, 6], changes.Select(c => c!["revision"]!.GetValue<long>()));
        Assert.Equal(5, changes[0]!["fields"]!["quantity"]!["after"]!.GetValue<int>());
        Assert.Equal((5, 6), (changes[1]!["fields"]!["quantity"]!["before"]!.GetValue<int>(), changes[1]!["fields"]!["quantity"]!["after"]!.GetValue<int>()));
        Assert.Equal("REVERT_INVENTORY_CHANGE", changes[1]!["reason"]!.GetValue<string>());
        Assert.Equal("wix", changes[1]!["dialect"]!.GetValue<string>());
        Assert.True(changes[5]!["fields"]!["deleted"]!["after"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_feed_walked_from_the_start_has_every_change_of_the_tenant_once_and_none_of_another()
    {
        using var client = Client("shop-two-secret");
        using var other = Client("shop-one-secret");
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await CreateAsync(client, i));
            await IncrementAsync(client, ids[^1], 1);
        }

        await CreateAsync(other, 1);

        var seen = new List<(string Item, long Revision)>();
        string? cursor = null;
        for (var pages = 0; pages < 100; pages++)
        {
            var page = (await client.GetFromJsonAsync<JsonObject>("/v1/changes?limit=4" + (cursor is null ? "" : $"&cursor={cursor}")))!;
            var changes = page["changes"]!.AsArray();
            seen.AddRange(changes.Select(c => (c!["itemId"]!.GetValue<string>(), c["revision"]!.GetValue<long>())));
            cursor = page["nextCursor"]!.GetValue<string>();
            if (changes.Count == 0)
            {
                break;
            }
        }

        var mine = seen.Where(change => ids.Contains(change.Item)).ToList();
        Assert.Equal(6, mine.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.All(ids, id => Assert.Equal([1L, 2], mine.Where(change => change.Item == id).Select(change => change.Revision)));

        // New changes appear at the cursor the walk ended with.
        await IncrementAsync(client, ids[0], 1);
        var next = (await client.GetFromJsonAsync<JsonObject>($"/v1/changes?cursor={cursor}"))!;
        Assert.Equal((ids[0], 3L), (next["changes"]![0]!["itemId"]!.GetValue<string>(), next["changes"]![0]!["revision"]!.GetValue<long>()));
    }

    [Theory]
    [InlineData("/v1/changes?limit=0")]
    [InlineData("/v1/changes?limit=1001")]
    [InlineData("/v1/changes?cursor=%%%")]
    [InlineData("/v1/changes?cursor=bm90LWEtcG9zaXRpb24")]
    [InlineData("/v1/inventory-items/x/changes?cursor=bm90LWEtcmV2aXNpb24")]
    public async Task A_bad_limit_or_cursor_is_a_400_problem(string path)
    {
        using var client = Client("shop-one-secret");

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Another_tenants_item_has_no_ledger_here()
    {
        using var owner = Client("shop-one-secret");
        using var stranger = Client("shop-two-secret");
        var id = await CreateAsync(owner, 1);

        using var response = await stranger.GetAsync($"/v1/inventory-items/{id}/changes");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>
    /// A feed position is a place in every tenant's stream of changes: a cursor showed it (another
    /// tenant's activity moved it). Sealed, it shows nothing, and it opens for its own tenant only.
    /// </summary>
    [Fact]
    public async Task A_feed_cursor_tells_nothing_of_other_tenants_and_opens_for_its_own_tenant_only()
    {
        using var owner = Client("shop-one-secret");
        using var other = Client("shop-two-secret");
        await CreateAsync(other, 1);
        var cursor = (await other.GetFromJsonAsync<JsonObject>("/v1/changes?limit=1000"))!["nextCursor"]!.GetValue<string>();

        // The other tenant's activity does not show in it: read again at the same place, it is not
        // the same text (each seal is new), and no digits of a position are readable in it.
        var id = await CreateAsync(owner, 1);
        for (var i = 0; i < 5; i++)
        {
            await IncrementAsync(owner, id, 1);
        }

        var again = (await other.GetFromJsonAsync<JsonObject>($"/v1/changes?cursor={cursor}"))!;
        Assert.Empty(again["changes"]!.AsArray());
        var next = again["nextCursor"]!.GetValue<string>();
        Assert.NotEqual(cursor, next);
        Assert.DoesNotMatch("^[0-9:]+$", Decoded(next));

        // Given to another tenant, or edited by one character, it is refused.
        using var borrowed = await owner.GetAsync($"/v1/changes?cursor={cursor}");
        Assert.Equal(HttpStatusCode.BadRequest, borrowed.StatusCode);
        var edited = cursor[..^2] + (cursor[^2] == 'A' ? 'B' : 'A') + cursor[^1];
        using var forged = await other.GetAsync($"/v1/changes?cursor={edited}");
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    [Fact]
    public async Task An_items_ledger_cursor_opens_on_that_items_ledger_only()
    {
        using var client = Client("shop-one-secret");
        var first = await CreateAsync(client, 1);
        var second = await CreateAsync(client, 1);
        await IncrementAsync(client, first, 1);
        var cursor = (await client.GetFromJsonAsync<JsonObject>($"/v1/inventory-items/{first}/changes?limit=1"))!["nextCursor"]!.GetValue<string>();

        using var elsewhere = await client.GetAsync($"/v1/inventory-items/{second}/changes?cursor={cursor}");
        Assert.Equal(HttpStatusCode.BadRequest, elsewhere.StatusCode);
        using var here = await client.GetAsync($"/v1/inventory-items/{first}/changes?cursor={cursor}");
        Assert.Equal(HttpStatusCode.OK, here.StatusCode);
    }

    private static string Decoded(string cursor)
    {
        try
        {
            return Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            return "";
        }
    }
}
