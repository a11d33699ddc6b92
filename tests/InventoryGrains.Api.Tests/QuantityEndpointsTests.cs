using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using InventoryGrains.Domain.Operations;
using InventoryGrains.Testing;

namespace InventoryGrains.Api.Tests;

/// <summary>The quantity routes over HTTP: their answers, their refusals, and their retries.</summary>
public sealed class QuantityEndpointsTests(IdempotencyApiFactory factory) : IClassFixture<IdempotencyApiFactory>
{
    private HttpClient Client() => factory.CreateClient().WithApiKey(IdempotencyApiFactory.Key);

    [Fact]
    public async Task A_move_over_two_items_answers_every_quantity_it_changed_and_the_items_show_them()
    {
        using var client = Client();
        var (a, b) = (await ServiceRequests.CreateItemAsync(client, 10), await ServiceRequests.CreateItemAsync(client, 3));

        using var response = await PostAsync(client, "move", $$$"""
            {"reason":"damaged","referenceDocumentUri":"gid://shop/Inspection/9","changes":[
              {"itemId":"{{{a}}}","quantity":2,"from":{"name":"available","changeFromQuantity":10},"to":{"name":"damaged","changeFromQuantity":0}},
              {"itemId":"{{{b}}}","quantity":1,"from":{"name":"available","changeFromQuantity":null},"to":{"name":"damaged","changeFromQuantity":null}}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var changes = (await ServiceRequests.ReadAsync(response))["changes"]!.AsArray();
        Assert.Equal(["0:available:-2:8", "0:damaged:2:2", "1:available:-1:2", "1:damaged:1:1"],
            changes.Select(c => $"{c!["index"]}:{c["name"]}:{c["delta"]}:{c["quantityAfterChange"]}"));
        var item = await GetItemAsync(client, a);
        Assert.Equal((8, 2, 10L), (item["quantities"]!["available"]!.GetValue<int>(), item["quantities"]!["damaged"]!.GetValue<int>(), item["quantities"]!["onHand"]!.GetValue<long>()));
        var ledger = (await client.GetFromJsonAsync<JsonObject>($"/v1/inventory-items/{a}/changes"))!["changes"]!.AsArray()[^1]!;
        Assert.Equal(("move", "damaged", "gid://shop/Inspection/9"), (ledger["operation"]!.GetValue<string>(), ledger["reason"]!.GetValue<string>(), ledger["reference"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_refused_line_applies_no_line_and_the_409_names_every_refused_line_with_its_current_value()
    {
        using var client = Client();
        var (a, b) = (await ServiceRequests.CreateItemAsync(client, 10), await ServiceRequests.CreateItemAsync(client, 3));

        using var response = await PostAsync(client, "set", $$$"""
            {"name":"available","reason":"correction","quantities":[
              {"itemId":"{{{a}}}","quantity":4,"changeFromQuantity":10},
              {"itemId":"{{{b}}}","quantity":9,"changeFromQuantity":2},
              {"itemId":"missing-{{{Guid.NewGuid()}}}","quantity":1,"changeFromQuantity":null}]}
            """);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await ServiceRequests.ReadAsync(response);
        Assert.Equal(["1:CHANGE_FROM_QUANTITY_STALE:3", "2:INVENTORY_ITEM_NOT_FOUND:"],
            problem["lines"]!.AsArray().Select(l => $"{l!["index"]}:{l["code"]}:{l["current"]}"));
        Assert.Equal(10, (await GetItemAsync(client, a))["quantities"]!["available"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("set", """{"name":"available","reason":"correction","quantities":[{"itemId":"x","quantity":1}]}""", "quantities[0].changeFromQuantity")]
    [InlineData("set", """{"name":"damaged","reason":"correction","quantities":[{"itemId":"x","quantity":1,"changeFromQuantity":null}]}""", "name")]
    [InlineData("set", """{"name":"available","reason":"because","quantities":[{"itemId":"x","quantity":1,"changeFromQuantity":null}]}""", "reason")]
    [InlineData("set", """{"name":"available","quantities":[{"itemId":"x","quantity":1,"changeFromQuantity":null}]}""", "reason")]
    [InlineData("set", """{"name":"available","reason":"correction","quantities":[]}""", "quantities")]
    [InlineData("adjust", """{"name":"reserved","reason":"correction","changes":[{"itemId":"x","delta":1,"changeFromQuantity":null}]}""", "name")]
    [InlineData("adjust", """{"name":"damaged","reason":"correction","changes":[{"itemId":"x","delta":"1","changeFromQuantity":null}]}""", "changes[0].delta")]
    [InlineData("adjust", """{"name":"damaged","reason":"correction","changes":[{"itemId":"x","delta":1,"changeFromQuantity":null,"extra":1}]}""", "changes[0].extra")]
    [InlineData("move", """{"reason":"received","changes":[{"itemId":"x","quantity":1,"from":{"name":"incoming"},"to":{"name":"available","changeFromQuantity":null}}]}""", "changes[0].from.changeFromQuantity")]
    [InlineData("move", """{"reason":"received","referenceDocumentUri":"not a uri","changes":[]}""", "referenceDocumentUri")]
    public async Task A_body_of_the_wrong_shape_is_400_naming_the_field(string operation, string body, string field)
    {
        using var client = Client();

        using var response = await PostAsync(client, operation, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ServiceRequests.ReadAsync(response);
        Assert.Contains(field, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_than_250_lines_is_400_and_250_lines_are_applied()
    {
        using var client = Client();
        var id = await ServiceRequests.CreateItemAsync(client, 0);
        string Lines(int count) => string.Join(",", Enumerable.Repeat($$$"""{"itemId":"{{{id}}}","delta":1,"changeFromQuantity":null}""", count));

        using var tooMany = await PostAsync(client, "adjust", $$$"""{"name":"incoming","reason":"movement_created","changes":[{{{Lines(251)}}}]}""");
        using var enough = await PostAsync(client, "adjust", $$$"""{"name":"incoming","reason":"movement_created","changes":[{{{Lines(250)}}}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal(HttpStatusCode.OK, enough.StatusCode);
        var item = await GetItemAsync(client, id);
        Assert.Equal((250, 251L), (item["quantities"]!["incoming"]!.GetValue<int>(), item["revision"]!.GetValue<long>()));
    }

    [Fact]
    public async Task A_keyed_repeat_after_an_unknown_outcome_answers_the_recorded_changes_and_applies_nothing_twice()
    {
        using var client = Client();
        var (a, b) = (await ServiceRequests.CreateItemAsync(client, 10), await ServiceRequests.CreateItemAsync(client, 5));
        var key = $"key-{Guid.NewGuid():N}";
        var body = $$$"""
            {"name":"safetyStock","reason":"safety_stock","changes":[
              {"itemId":"{{{a}}}","delta":3,"changeFromQuantity":0},{"itemId":"{{{b}}}","delta":1,"changeFromQuantity":0}]}
            """;
        factory.Items.FailNextWrite(a, UnreliableItemStore.Fault.FailAfterStoring);

        using var first = await PostAsync(client, "adjust", body, key);
        using var repeat = await PostAsync(client, "adjust", body, key);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal(["0:safetyStock:3:3", "1:safetyStock:1:1"],
            (await ServiceRequests.ReadAsync(repeat))["changes"]!.AsArray().Select(c => $"{c!["index"]}:{c["name"]}:{c["delta"]}:{c["quantityAfterChange"]}"));
        Assert.Equal(3, (await GetItemAsync(client, a))["quantities"]!["safetyStock"]!.GetValue<int>());
        Assert.Equal(1, (await GetItemAsync(client, b))["quantities"]!["safetyStock"]!.GetValue<int>());
        var ledger = (await client.GetFromJsonAsync<JsonObject>($"/v1/inventory-items/{a}/changes"))!["changes"]!.AsArray();
        Assert.Equal(OperationIds.OfEntry(key, 0), ledger[^1]!["operationId"]!.GetValue<string>());
        Assert.Equal(2, ledger.Count);
    }

    [Fact]
    public async Task An_item_is_read_with_its_quantities_and_an_unknown_one_is_404()
    {
        using var client = Client();
        var id = await ServiceRequests.CreateItemAsync(client, 6);

        var item = await GetItemAsync(client, id);
        using var missing = await client.GetAsync($"/v1/inventory-items/missing-{Guid.NewGuid()}");

        Assert.Equal(
            """{"available":6,"reserved":0,"committed":0,"damaged":0,"safetyStock":0,"qualityControl":0,"incoming":0,"onHand":6}""",
            item["quantities"]!.ToJsonString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private static async Task<JsonObject> GetItemAsync(HttpClient client, string id) =>
        (await client.GetFromJsonAsync<JsonObject>($"/v1/inventory-items/{id}"))!;

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string operation, string body, string? key = null) =>
        ServiceRequests.PostAsync(client, $"/v1/inventory-quantities/{operation}", body, key);
}
