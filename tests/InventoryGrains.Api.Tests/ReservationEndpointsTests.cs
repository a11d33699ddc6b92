using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using InventoryGrains.Testing;

namespace InventoryGrains.Api.Tests;

/// <summary>The reservation routes over HTTP: create, read, list, the transitions, and their refusals.</summary>
public sealed class ReservationEndpointsTests(IdempotencyApiFactory factory) : IClassFixture<IdempotencyApiFactory>
{
    private HttpClient Client() => factory.CreateClient().WithApiKey(IdempotencyApiFactory.Key);

    [Fact]
    public async Task A_reservation_is_created_read_confirmed_and_a_wrong_transition_is_409_naming_the_status()
    {
        using var client = Client();
        var item = await ServiceRequests.CreateItemAsync(client, 10);
        var id = $"chk-{Guid.NewGuid():N}";
        var body = $$$"""{"id":"{{{id}}}","lines":[{"itemId":"{{{item}}}","quantity":3}],"expiresInSeconds":600,"reference":"gid://shop/Checkout/5"}""";

        using var created = await ServiceRequests.PostAsync(client, "/v1/reservations", body);
        using var again = await ServiceRequests.PostAsync(client, "/v1/reservations", body);
        var read = await client.GetFromJsonAsync<JsonObject>($"/v1/reservations/{id}");
        var quantities = (await client.GetFromJsonAsync<JsonObject>($"/v1/inventory-items/{item}"))!["quantities"]!;
        using var confirmed = await ServiceRequests.PostAsync(client, $"/v1/reservations/{id}/confirm", null);
        using var release = await ServiceRequests.PostAsync(client, $"/v1/reservations/{id}/release", null);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (created.StatusCode, again.StatusCode));
        var document = await ServiceRequests.ReadAsync(created);
        Assert.Equal((id, "held", "gid://shop/Checkout/5"), (document["id"]!.GetValue<string>(), document["status"]!.GetValue<string>(), document["reference"]!.GetValue<string>()));
        Assert.Equal(600, (DateTimeOffset.Parse(document["expiresAt"]!.GetValue<string>(), CultureInfo.InvariantCulture) - DateTimeOffset.Parse(document["createdAt"]!.GetValue<string>(), CultureInfo.InvariantCulture)).TotalSeconds);
        Assert.Equal("held", read!["status"]!.GetValue<string>());
        Assert.Equal((7, 3), (quantities["available"]!.GetValue<int>(), quantities["reserved"]!.GetValue<int>()));
        Assert.Equal("confirmed", (await ServiceRequests.ReadAsync(confirmed))["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, release.StatusCode);
        Assert.Equal("application/problem+json", release.Content.Headers.ContentType!.MediaType);
        Assert.Equal("RESERVATION_CONFIRMED", (await ServiceRequests.ReadAsync(release))["code"]!.GetValue<string>());
        var ledger = (await client.GetFromJsonAsync<JsonObject>($"/v1/inventory-items/{item}/changes"))!["changes"]!.AsArray();
        Assert.Equal([("reserve", "reservation_created"), ("confirm", "reservation_confirmed")],
            ledger.Skip(1).Select(change => (change!["operation"]!.GetValue<string>(), change["reason"]!.GetValue<string>())));
        Assert.All(ledger.Skip(1), change => Assert.Equal(id, change!["reference"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Lines_that_cannot_be_held_are_409_each_named_with_what_is_available_and_nothing_is_held()
    {
        using var client = Client();
        var (a, b) = (await ServiceRequests.CreateItemAsync(client, 10), await ServiceRequests.CreateItemAsync(client, 1));

        using var response = await ServiceRequests.PostAsync(client, "/v1/reservations", $$$"""{"lines":[{"itemId":"{{{a}}}","quantity":2},{"itemId":"{{{b}}}","quantity":2}]}""");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await ServiceRequests.ReadAsync(response);
        Assert.Equal("LINES_NOT_HELD", problem["code"]!.GetValue<string>());
        Assert.Equal(["1:INSUFFICIENT_INVENTORY:1"], problem["lines"]!.AsArray().Select(l => $"{l!["index"]}:{l["code"]}:{l["available"]}"));
        Assert.Equal(10, (await client.GetFromJsonAsync<JsonObject>($"/v1/inventory-items/{a}"))!["quantities"]!["available"]!.GetValue<int>());
    }

    [Fact]
    public async Task Without_an_id_the_idempotency_key_names_the_reservation_so_a_repeat_finds_it()
    {
        using var client = Client();
        var item = await ServiceRequests.CreateItemAsync(client, 5);
        var key = $"key-{Guid.NewGuid():N}";
        var body = $$$"""{"lines":[{"itemId":"{{{item}}}","quantity":1}]}""";

        using var first = await ServiceRequests.PostAsync(client, "/v1/reservations", body, key);
        using var repeat = await ServiceRequests.PostAsync(client, "/v1/reservations", body, key);
        using var other = await ServiceRequests.PostAsync(client, "/v1/reservations", body);

        var id = (await ServiceRequests.ReadAsync(first))["id"]!.GetValue<string>();
        Assert.Equal(id, (await ServiceRequests.ReadAsync(repeat))["id"]!.GetValue<string>());
        Assert.NotEqual(id, (await ServiceRequests.ReadAsync(other))["id"]!.GetValue<string>());
        Assert.Equal(3, (await client.GetFromJsonAsync<JsonObject>($"/v1/inventory-items/{item}"))!["quantities"]!["available"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_list_is_newest_first_by_status_and_reference_in_pages_that_walk_it_whole()
    {
        using var client = Client();
        var item = await ServiceRequests.CreateItemAsync(client, 100);
        var reference = $"gid://shop/Cart/{Guid.NewGuid():N}";
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            using var created = await ServiceRequests.PostAsync(client, "/v1/reservations", $$$"""{"lines":[{"itemId":"{{{item}}}","quantity":1}],"reference":"{{{reference}}}"}""");
            ids.Add((await ServiceRequests.ReadAsync(created))["id"]!.GetValue<string>());
        }

        using var released = await ServiceRequests.PostAsync(client, $"/v1/reservations/{ids[1]}/release", null);

        var walked = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = (await client.GetFromJsonAsync<JsonObject>($"/v1/reservations?reference={Uri.EscapeDataString(reference)}&limit=2" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")))!;
            walked.AddRange(page["reservations"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(ids.AsEnumerable().Reverse(), walked);
        var onlyReleased = (await client.GetFromJsonAsync<JsonObject>($"/v1/reservations?status=released&reference={Uri.EscapeDataString(reference)}"))!;
        Assert.Equal([ids[1]], onlyReleased["reservations"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
        using var badStatus = await client.GetAsync("/v1/reservations?status=open");
        using var badCursor = await client.GetAsync("/v1/reservations?cursor=abc");
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (badStatus.StatusCode, badCursor.StatusCode));
    }

    [Theory]
    [InlineData("""{"lines":[]}""", "lines")]
    [InlineData("""{"lines":[{"itemId":"x","quantity":0}]}""", "lines[0].quantity")]
    [InlineData("""{"lines":[{"itemId":"x"}]}""", "lines[0].quantity")]
    [InlineData("""{"lines":[{"quantity":1}]}""", "lines[0].itemId")]
    [InlineData("""{"lines":[{"itemId":"x","quantity":1,"price":3}]}""", "lines[0].price")]
    [InlineData("""{"lines":[{"itemId":"x","quantity":1}],"expiresInSeconds":604801}""", "expiresInSeconds")]
    [InlineData("""{"lines":[{"itemId":"x","quantity":1}],"id":""}""", "id")]
    [InlineData("""{"lines":[{"itemId":"x","quantity":1}],"hold":true}""", "hold")]
    public async Task A_create_body_of_the_wrong_shape_is_400_naming_the_field(string body, string field)
    {
        using var client = Client();

        using var response = await ServiceRequests.PostAsync(client, "/v1/reservations", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await ServiceRequests.ReadAsync(response))["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_reservation_is_404_and_an_extension_needs_its_seconds()
    {
        using var client = Client();
        var item = await ServiceRequests.CreateItemAsync(client, 5);
        using var created = await ServiceRequests.PostAsync(client, "/v1/reservations", $$$"""{"lines":[{"itemId":"{{{item}}}","quantity":1}],"expiresInSeconds":60}""");
        var id = (await ServiceRequests.ReadAsync(created))["id"]!.GetValue<string>();

        using var missing = await client.GetAsync($"/v1/reservations/none-{Guid.NewGuid():N}");
        using var confirmMissing = await ServiceRequests.PostAsync(client, $"/v1/reservations/none-{Guid.NewGuid():N}/confirm", null);
        using var noSeconds = await ServiceRequests.PostAsync(client, $"/v1/reservations/{id}/extend", "{}");
        using var extended = await ServiceRequests.PostAsync(client, $"/v1/reservations/{id}/extend", """{"expiresInSeconds":3600}""");

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.BadRequest, HttpStatusCode.OK),
            (missing.StatusCode, confirmMissing.StatusCode, noSeconds.StatusCode, extended.StatusCode));
        var document = await ServiceRequests.ReadAsync(extended);
        Assert.True(DateTimeOffset.Parse(document["expiresAt"]!.GetValue<string>(), CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.AddMinutes(59));
    }
}
