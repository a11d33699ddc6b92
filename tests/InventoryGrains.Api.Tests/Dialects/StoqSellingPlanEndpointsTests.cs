using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using InventoryGrains.Abstractions;
using InventoryGrains.Abstractions.SellingPlans;
using InventoryGrains.Abstractions.Variants;
using InventoryGrains.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace InventoryGrains.Api.Tests.Dialects;

public sealed class StoqSellingPlanEndpointsTests(StoqApiFactory factory) : IClassFixture<StoqApiFactory>
{
    private const string Base = "/api/v1/external";
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(60);

    private HttpClient Client(string? key = "shop-one-secret")
    {
        var client = factory.CreateClient();
        if (key is not null)
        {
            client.WithApiKey(key);
        }

        return client;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static StringContent Json(JsonNode node) => Json(node.ToJsonString());

    private static async Task<JsonObject> BodyAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    private static async Task<JsonObject> CreatePlanAsync(HttpClient client, string settings = """{"name":"Spring drop"}""")
    {
        var response = await client.PostAsync($"{Base}/preorders", Json($$"""{"selling_plan":{{settings}}}"""));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await BodyAsync(response);
    }

    private static async Task<JsonObject> SendAsync(HttpClient client, HttpMethod method, string path, JsonNode body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var request = new HttpRequestMessage(method, path) { Content = Json(body) };
        var response = await client.SendAsync(request);
        var content = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{method} {path}: {(int)response.StatusCode} {content}");
        return JsonNode.Parse(content)!.AsObject();
    }

    private static JsonObject VariantIds(IEnumerable<long> ids) => new() { ["shopify_variant_ids"] = new JsonArray([.. ids.Select(id => (JsonNode)id)]) };

    private static JsonObject Toggle(IEnumerable<long> ids, string policy)
    {
        var body = VariantIds(ids);
        body["inventory_policy"] = policy;
        return body;
    }

    /// <summary>Variant ids no other test uses.</summary>
    private static long[] FreshVariantIds(int count)
    {
        var start = Random.Shared.NextInt64(1, long.MaxValue / 2);
        return [.. Enumerable.Range(0, count).Select(i => start + i)];
    }

    private static JsonObject Schema(string name)
    {
        var document = JsonNode.Parse(File.ReadAllText(RepositoryLayout.PathOf("docs", "contract", "stoq-update-selling-plan.openapi.json")))!;
        return document["components"]!["schemas"]![name]!["properties"]!.AsObject();
    }

    /// <summary>A valid value for every input field, derived from the seed's SellingPlanInput schema.</summary>
    private static JsonObject FullInput()
    {
        var input = new JsonObject();
        foreach (var (name, schema) in Schema("SellingPlanInput"))
        {
            input[name] = (schema!["type"]!.GetValue<string>(), schema["format"]?.GetValue<string>()) switch
            {
                _ when schema["enum"] is JsonArray values => values[^1]!.DeepClone(),
                ("string", "date-time") => "2027-03-01T10:00:00+00:00",
                ("string", _) when name.EndsWith("_color", StringComparison.Ordinal) => "#A1B2C3",
                ("string", _) => $"text of {name}",
                ("integer", _) => 3,
                ("number", _) => 12.5m,
                ("boolean", _) => true,
                ("array", _) => new JsonArray(7, 8),
                var other => throw new InvalidOperationException($"No sample for {name}: {other}"),
            };
        }

        // The last enum values need their companions: exact_time billing and delivery dates are set above.
        input["billing_type"] = "exact_time";
        input["delivery_type"] = "exact_time";
        return input;
    }

    [Fact]
    public async Task A_created_plan_reads_back_with_every_field_of_the_seed_schema()
    {
        using var client = Client();
        var input = FullInput();
        var created = await SendAsync(client, HttpMethod.Post, $"{Base}/preorders", new JsonObject { ["selling_plan"] = input }, HttpStatusCode.Created);
        var read = await BodyAsync(await client.GetAsync($"{Base}/preorders/{created["id"]}"));

        foreach (var (name, schema) in Schema("SellingPlan"))
        {
            Assert.True(read.ContainsKey(name), $"{name} is missing");
            var value = read[name];
            if (value is null)
            {
                Assert.True(schema!["nullable"]?.GetValue<bool>() == true, $"{name} is null but not nullable");
                continue;
            }

            var kind = value.GetValueKind();
            switch (schema!["type"]!.GetValue<string>())
            {
                case "string":
                    Assert.Equal(JsonValueKind.String, kind);
                    if (schema["format"]?.GetValue<string>() == "date-time")
                    {
                        Assert.True(DateTimeOffset.TryParse(value.GetValue<string>(), CultureInfo.InvariantCulture, out _), $"{name}: {value}");
                    }

                    if (schema["enum"] is JsonArray values)
                    {
                        Assert.Contains(value.GetValue<string>(), values.Select(v => v!.GetValue<string>()));
                    }

                    break;
                case "integer":
                    Assert.Equal(JsonValueKind.Number, kind);
                    Assert.True(long.TryParse(value.ToJsonString(), CultureInfo.InvariantCulture, out _), $"{name} is not an integer: {value}");
                    break;
                case "number":
                    Assert.Equal(JsonValueKind.Number, kind);
                    break;
                case "boolean":
                    Assert.True(kind is JsonValueKind.True or JsonValueKind.False, $"{name}: {value}");
                    break;
                case "array":
                    Assert.Equal(JsonValueKind.Array, kind);
                    break;
                default:
                    Assert.Fail($"Unexpected schema type for {name}");
                    break;
            }
        }

        // Every input field reads back as it was sent.
        foreach (var (name, sent) in input)
        {
            var back = read[name];
            if (sent!.GetValueKind() == JsonValueKind.String && DateTimeOffset.TryParse(sent.GetValue<string>(), CultureInfo.InvariantCulture, out var sentTime))
            {
                Assert.Equal(sentTime, DateTimeOffset.Parse(back!.GetValue<string>(), CultureInfo.InvariantCulture));
            }
            else if (sent.GetValueKind() == JsonValueKind.Number)
            {
                Assert.Equal(decimal.Parse(sent.ToJsonString(), CultureInfo.InvariantCulture), decimal.Parse(back!.ToJsonString(), CultureInfo.InvariantCulture));
            }
            else
            {
                Assert.True(JsonNode.DeepEquals(sent, back), $"{name}: sent {sent.ToJsonString()}, read {back?.ToJsonString()}");
            }
        }

        Assert.True(read["shop_id"]!.GetValue<long>() > 0);
        Assert.Equal(0, read["selling_plan_product_variants_count"]!.GetValue<int>());
        Assert.False(read["ongoing_job"]!.GetValue<bool>());
        Assert.Null(read["discarded_at"]);
        Assert.Equal(read["created_at"]!.ToJsonString(), read["updated_at"]!.ToJsonString());
    }

    [Fact]
    public async Task A_partial_update_changes_the_fields_present_keeps_the_absent_and_clears_explicit_nulls()
    {
        using var client = Client();
        var created = await CreatePlanAsync(client, """{"name":"Before","internal_name":"keep me","pricing_type":"percentage","pricing_percentage":15,"preorder_max_quantity":9}""");
        var id = created["id"]!.GetValue<string>();

        var updated = await SendAsync(client, HttpMethod.Put, $"{Base}/preorders/{id}",
            JsonNode.Parse("""{"selling_plan":{"name":"After","pricing_percentage":null,"unknown_field":"ignored"}}""")!);

        Assert.Equal("After", updated["name"]!.GetValue<string>());
        Assert.Equal("keep me", updated["internal_name"]!.GetValue<string>());
        Assert.Equal("percentage", updated["pricing_type"]!.GetValue<string>());
        Assert.Null(updated["pricing_percentage"]);
        Assert.Equal(9, updated["preorder_max_quantity"]!.GetValue<int>());
        Assert.False(updated.ContainsKey("unknown_field"));
        Assert.Equal(created["created_at"]!.ToJsonString(), updated["created_at"]!.ToJsonString());
        Assert.True(DateTimeOffset.Parse(updated["updated_at"]!.GetValue<string>(), CultureInfo.InvariantCulture)
            > DateTimeOffset.Parse(created["updated_at"]!.GetValue<string>(), CultureInfo.InvariantCulture));

        var read = await BodyAsync(await client.GetAsync($"{Base}/preorders/{id}"));
        Assert.True(JsonNode.DeepEquals(updated, read));
    }

    [Theory]
    [InlineData("""{"billing_type":"weekly"}""", "billing_type")]
    [InlineData("""{"billing_after_interval_type":"week"}""", "billing_after_interval_type")]
    [InlineData("""{"billing_checkout_charge_type":"all"}""", "billing_checkout_charge_type")]
    [InlineData("""{"delivery_type":"later"}""", "delivery_type")]
    [InlineData("""{"delivery_after_interval_type":"month"}""", "delivery_after_interval_type")]
    [InlineData("""{"inventory_reserve_type":"never"}""", "inventory_reserve_type")]
    [InlineData("""{"inventory_provider":"acme"}""", "inventory_provider")]
    [InlineData("""{"pricing_type":"free"}""", "pricing_type")]
    [InlineData("""{"product_variants_source":"tag"}""", "product_variants_source")]
    [InlineData("""{"billing_type":"exact_time"}""", "billing_at")]
    [InlineData("""{"billing_type":"time_after_checkout"}""", "billing_after_n_intervals")]
    [InlineData("""{"billing_type":"time_after_checkout","billing_after_n_intervals":0}""", "billing_after_n_intervals")]
    [InlineData("""{"delivery_type":"exact_time"}""", "delivery_at")]
    [InlineData("""{"billing_checkout_charge_percentage":100.5}""", "billing_checkout_charge_percentage")]
    [InlineData("""{"pricing_percentage":-1}""", "pricing_percentage")]
    [InlineData("""{"billing_checkout_charge_amount":-0.01}""", "billing_checkout_charge_amount")]
    [InlineData("""{"pricing_amount":-5}""", "pricing_amount")]
    [InlineData("""{"markets_enabled":true}""", "shopify_market_ids")]
    [InlineData("""{"markets_enabled":true,"shopify_market_ids":[]}""", "shopify_market_ids")]
    [InlineData("""{"preorder_min_quantity":0}""", "preorder_min_quantity")]
    [InlineData("""{"preorder_min_quantity":5,"preorder_max_quantity":4}""", "preorder_max_quantity")]
    [InlineData("""{"preorder_button_text_color":"red"}""", "preorder_button_text_color")]
    [InlineData("""{"preorder_button_background_color":"#12345"}""", "preorder_button_background_color")]
    [InlineData("""{"preorder_button_description_background_color":"#GGG"}""", "preorder_button_description_background_color")]
    [InlineData("""{"preorder_button_description_text_color":"000000"}""", "preorder_button_description_text_color")]
    [InlineData("""{"preorder_badge_text_color":"#1234"}""", "preorder_badge_text_color")]
    [InlineData("""{"preorder_badge_background_color":""}""", "preorder_badge_background_color")]
    [InlineData("""{"billing_at":"next tuesday"}""", "billing_at")]
    [InlineData("""{"delivery_at":"2027-02-30T00:00:00Z"}""", "delivery_at")]
    [InlineData("""{"name":""}""", "name")]
    [InlineData("""{"name":null}""", "name")]
    [InlineData("""{"enabled":"yes"}""", "enabled")]
    [InlineData("""{"preorder_max_quantity":"ten"}""", "preorder_max_quantity")]
    [InlineData("""{"preorder_max_quantity":3000000000}""", "preorder_max_quantity")]
    public async Task Each_rule_answers_422_for_its_field_and_changes_nothing(string settings, string field)
    {
        using var client = Client();
        var created = await CreatePlanAsync(client);
        var id = created["id"]!.GetValue<string>();

        var errors = await SendAsync(client, HttpMethod.Put, $"{Base}/preorders/{id}",
            JsonNode.Parse($$"""{"selling_plan":{{settings}}}""")!, HttpStatusCode.UnprocessableEntity);

        var fields = errors["errors"]!.AsObject();
        Assert.Equal([field], fields.Select(e => e.Key));
        Assert.NotEmpty(fields[field]!.AsArray());
        Assert.True(JsonNode.DeepEquals(created, await BodyAsync(await client.GetAsync($"{Base}/preorders/{id}"))), "the plan changed");

        // The same settings are refused on create as well, and create nothing.
        var before = await BodyAsync(await client.GetAsync($"{Base}/preorders?per_page=100"));
        // (A name of the settings' own replaces the one a plan needs: a property is given once.)
        var createSettings = settings.Contains("\"name\"", StringComparison.Ordinal) ? settings : $$"""{"name":"n",{{settings[1..]}}""";
        var refused = await client.PostAsync($"{Base}/preorders", Json($$"""{"selling_plan":{{createSettings}}}"""));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var after = await BodyAsync(await client.GetAsync($"{Base}/preorders?per_page=100"));
        Assert.Equal(before["meta"]!["total_count"]!.GetValue<int>(), after["meta"]!["total_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Every_failing_field_is_reported_at_once()
    {
        using var client = Client();
        var response = await client.PostAsync($"{Base}/preorders", Json("""
            {"selling_plan":{"name":"","billing_type":"exact_time","delivery_type":"soon","pricing_percentage":101,
             "preorder_min_quantity":3,"preorder_max_quantity":2,"preorder_badge_text_color":"blue","enabled":1}}
            """));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await BodyAsync(response))["errors"]!.AsObject();
        Assert.Equal(
            ["billing_at", "delivery_type", "enabled", "name", "preorder_badge_text_color", "preorder_max_quantity", "pricing_percentage"],
            errors.Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Unknown_and_discarded_plans_are_404_and_deleted_plans_leave_the_list()
    {
        using var client = Client();
        var notFound = await client.GetAsync($"{Base}/preorders/does-not-exist");
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal("Selling plan not found", (await BodyAsync(notFound))["error"]!.GetValue<string>());

        var id = (await CreatePlanAsync(client))["id"]!.GetValue<string>();
        var deleted = await client.DeleteAsync($"{Base}/preorders/{id}");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.NotNull((await BodyAsync(deleted))["discarded_at"]);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{Base}/preorders/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsync($"{Base}/preorders/{id}", Json("""{"selling_plan":{"name":"x"}}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"{Base}/preorders/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"{Base}/preorders/{id}/variants", Json(VariantIds([1])))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"{Base}/preorders/{id}/bulk_toggle_inventory_policy", Json(Toggle([1], "DENY")))).StatusCode);

        var listed = await BodyAsync(await client.GetAsync($"{Base}/preorders?per_page=100"));
        Assert.DoesNotContain(id, listed["selling_plans"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_list_pages_through_the_tenants_live_plans_only()
    {
        using var client = Client("shop-two-secret");
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await CreatePlanAsync(client, $$"""{"name":"Plan {{i}}"}"""))["id"]!.GetValue<string>());
        }

        await client.DeleteAsync($"{Base}/preorders/{ids[1]}");

        var first = await BodyAsync(await client.GetAsync($"{Base}/preorders?page=1&per_page=2"));
        var second = await BodyAsync(await client.GetAsync($"{Base}/preorders?page=2&per_page=2"));
        var listed = first["selling_plans"]!.AsArray().Concat(second["selling_plans"]!.AsArray()).Select(p => p!["id"]!.GetValue<string>()).ToList();

        Assert.Equal(2, first["selling_plans"]!.AsArray().Count);
        Assert.Equal(1, first["meta"]!["current_page"]!.GetValue<int>());
        Assert.Equal(2, first["meta"]!["per_page"]!.GetValue<int>());
        var total = first["meta"]!["total_count"]!.GetValue<int>();
        Assert.True(total >= 4, $"total_count {total}");
        Assert.DoesNotContain(ids[1], listed);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"{Base}/preorders?per_page=101")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"{Base}/preorders?page=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"{Base}/preorders?page=abc")).StatusCode);
    }

    [Fact]
    public async Task Without_a_key_every_route_is_401_in_the_stoq_shape()
    {
        using var client = Client(key: null);
        var routes = new (HttpMethod Method, string Path)[]
        {
            (HttpMethod.Post, "/preorders"), (HttpMethod.Get, "/preorders"), (HttpMethod.Get, "/preorders/p1"),
            (HttpMethod.Put, "/preorders/p1"), (HttpMethod.Delete, "/preorders/p1"), (HttpMethod.Post, "/preorders/p1/variants"),
            (HttpMethod.Delete, "/preorders/p1/variants"), (HttpMethod.Post, "/preorders/p1/bulk_toggle_inventory_policy"),
            (HttpMethod.Get, "/preorders/p1/jobs/j1"), (HttpMethod.Get, "/variants/1"),
        };
        foreach (var (method, path) in routes)
        {
            using var request = new HttpRequestMessage(method, Base + path) { Content = Json("{}") };
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Unauthorized", (await BodyAsync(response))["error"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Another_tenants_plan_job_and_variants_are_invisible()
    {
        using var owner = Client();
        using var other = Client("shop-two-secret");
        var variants = FreshVariantIds(2);
        var id = (await CreatePlanAsync(owner))["id"]!.GetValue<string>();
        await SendAsync(owner, HttpMethod.Post, $"{Base}/preorders/{id}/variants", VariantIds(variants));
        var job = await SendAsync(owner, HttpMethod.Post, $"{Base}/preorders/{id}/bulk_toggle_inventory_policy", Toggle(variants, "CONTINUE"));

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"{Base}/preorders/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PutAsync($"{Base}/preorders/{id}", Json("""{"selling_plan":{"name":"mine"}}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"{Base}/preorders/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"{Base}/preorders/{id}/bulk_toggle_inventory_policy", Json(Toggle(variants, "DENY")))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"{Base}/preorders/{id}/jobs/{job["job_id"]}")).StatusCode);
        var otherView = await BodyAsync(await other.GetAsync($"{Base}/variants/{variants[0]}"));
        Assert.Equal("DENY", otherView["inventory_policy"]!.GetValue<string>());
        Assert.Empty(otherView["selling_plan_ids"]!.AsArray());

        var mine = await BodyAsync(await owner.GetAsync($"{Base}/preorders/{id}"));
        Assert.Equal("Spring drop", mine["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Associations_move_the_count_the_plan_ids_and_each_variants_plans()
    {
        using var client = Client();
        var variants = FreshVariantIds(4);
        var id = (await CreatePlanAsync(client))["id"]!.GetValue<string>();

        var added = await SendAsync(client, HttpMethod.Post, $"{Base}/preorders/{id}/variants", VariantIds([variants[0], variants[1], variants[2], variants[1]]));
        Assert.Equal(3, added["selling_plan_product_variants_count"]!.GetValue<int>());
        Assert.Equal(variants[..3], added["shopify_variant_ids"]!.AsArray().Select(v => v!.GetValue<long>()));

        var removed = await SendAsync(client, HttpMethod.Delete, $"{Base}/preorders/{id}/variants", VariantIds([variants[1], variants[3]]));
        Assert.Equal(2, removed["selling_plan_product_variants_count"]!.GetValue<int>());
        Assert.Equal([variants[0], variants[2]], removed["shopify_variant_ids"]!.AsArray().Select(v => v!.GetValue<long>()));

        var kept = await BodyAsync(await client.GetAsync($"{Base}/variants/{variants[0]}"));
        Assert.Equal([id], kept["selling_plan_ids"]!.AsArray().Select(p => p!.GetValue<string>()));
        var left = await BodyAsync(await client.GetAsync($"{Base}/variants/{variants[1]}"));
        Assert.Empty(left["selling_plan_ids"]!.AsArray());

        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync($"{Base}/preorders/{id}/variants", Json("""{"shopify_variant_ids":[]}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync($"{Base}/preorders/{id}/variants", Json("""{"shopify_variant_ids":[1.5]}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"{Base}/variants/abc")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"{Base}/variants/-4")).StatusCode);
    }

    [Theory]
    [InlineData("""{"inventory_policy":"CONTINUE"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"shopify_variant_ids":[],"inventory_policy":"CONTINUE"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"shopify_variant_ids":["12"],"inventory_policy":"CONTINUE"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"shopify_variant_ids":[1.5],"inventory_policy":"CONTINUE"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"shopify_variant_ids":[99999999999999999999],"inventory_policy":"CONTINUE"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"shopify_variant_ids":"1,2","inventory_policy":"CONTINUE"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"shopify_variant_ids":[1]}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"shopify_variant_ids":[1],"inventory_policy":null}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"shopify_variant_ids":[1],"inventory_policy":"ALLOW"}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("""{"shopify_variant_ids":[1],"inventory_policy":"continue"}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("""{"shopify_variant_ids":[1],"inventory_policy":1}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("""{"shopify_variant_ids":[1""", HttpStatusCode.BadRequest)]
    public async Task A_bad_toggle_request_gets_its_status_with_an_error_and_queues_nothing(string body, HttpStatusCode expected)
    {
        using var client = Client();
        var id = (await CreatePlanAsync(client))["id"]!.GetValue<string>();
        await SendAsync(client, HttpMethod.Post, $"{Base}/preorders/{id}/variants", VariantIds([1]));

        var response = await client.PostAsync($"{Base}/preorders/{id}/bulk_toggle_inventory_policy", Json(body));

        Assert.Equal(expected, response.StatusCode);
        Assert.False(string.IsNullOrEmpty((await BodyAsync(response))["error"]!.GetValue<string>()));
        Assert.False((await BodyAsync(await client.GetAsync($"{Base}/preorders/{id}")))["ongoing_job"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_toggle_of_2500_members_runs_in_three_batches_and_leaves_non_members_alone()
    {
        using var client = Client();
        var ids = FreshVariantIds(2502);
        var members = ids[..2500];
        var outsiders = ids[2500..];
        var id = (await CreatePlanAsync(client))["id"]!.GetValue<string>();
        await SendAsync(client, HttpMethod.Post, $"{Base}/preorders/{id}/variants", VariantIds(members));

        // Request order: an outsider first, members reversed with a repeat, the other outsider last.
        long[] requested = [outsiders[0], .. members.Reverse(), members[^1], outsiders[1]];
        factory.Gate.HoldAfterFirstBatch();
        var queued = await SendAsync(client, HttpMethod.Post, $"{Base}/preorders/{id}/bulk_toggle_inventory_policy", Toggle(requested, "CONTINUE"));

        Assert.True(queued["success"]!.GetValue<bool>());
        Assert.False(string.IsNullOrWhiteSpace(queued["message"]!.GetValue<string>()));
        Assert.Equal(members.Reverse(), queued["variants_queued"]!.AsArray().Select(v => v!.GetValue<long>()));
        var jobId = queued["job_id"]!.GetValue<string>();

        // Held after its first batch: the plan shows the job, the first batch is applied, the last is not.
        Assert.Equal(jobId, await factory.Gate.Held.WaitAsync(JobTimeout));
        Assert.True((await BodyAsync(await client.GetAsync($"{Base}/preorders/{id}")))["ongoing_job"]!.GetValue<bool>());
        Assert.Equal("CONTINUE", (await BodyAsync(await client.GetAsync($"{Base}/variants/{members[^1]}")))["inventory_policy"]!.GetValue<string>());
        Assert.Equal("DENY", (await BodyAsync(await client.GetAsync($"{Base}/variants/{members[0]}")))["inventory_policy"]!.GetValue<string>());
        factory.Gate.Release();

        var job = await Eventually.ReturnsAsync(
            async () => await BodyAsync(await client.GetAsync($"{Base}/preorders/{id}/jobs/{jobId}")),
            j => j["state"]!.GetValue<string>() == "completed", JobTimeout, "the job to complete");
        Assert.Equal(jobId, job["id"]!.GetValue<string>());
        Assert.Equal("CONTINUE", job["inventory_policy"]!.GetValue<string>());
        Assert.Equal(2500, job["total"]!.GetValue<int>());
        Assert.Equal(2500, job["processed"]!.GetValue<int>());
        Assert.Equal(3, job["batches_total"]!.GetValue<int>());
        Assert.Equal(3, job["batches_done"]!.GetValue<int>());
        Assert.NotNull(job["created_at"]);
        Assert.NotNull(job["completed_at"]);

        await Eventually.HoldsAsync(
            async () => !(await BodyAsync(await client.GetAsync($"{Base}/preorders/{id}")))["ongoing_job"]!.GetValue<bool>(),
            JobTimeout, "ongoing_job to turn false");

        var grains = factory.Services.GetRequiredService<IGrainFactory>();
        var variants = await Task.WhenAll(ids.Select(v => grains.GetGrain<IVariantGrain>(VariantKey.Format("shop-1", v)).GetAsync()));
        Assert.All(variants.Take(2500), v => Assert.Equal(InventoryPolicy.Continue, v.InventoryPolicy));
        Assert.All(variants.Skip(2500), v =>
        {
            Assert.Equal(InventoryPolicy.Deny, v.InventoryPolicy);
            Assert.Null(v.UpdatedAt);
        });
    }

    [Fact]
    public async Task Jobs_of_one_plan_run_in_the_order_they_were_queued()
    {
        using var client = Client();
        var members = FreshVariantIds(1200);
        var id = (await CreatePlanAsync(client))["id"]!.GetValue<string>();
        await SendAsync(client, HttpMethod.Post, $"{Base}/preorders/{id}/variants", VariantIds(members));

        factory.Gate.HoldAfterFirstBatch();
        var first = (await SendAsync(client, HttpMethod.Post, $"{Base}/preorders/{id}/bulk_toggle_inventory_policy", Toggle(members, "CONTINUE")))["job_id"]!.GetValue<string>();
        var second = (await SendAsync(client, HttpMethod.Post, $"{Base}/preorders/{id}/bulk_toggle_inventory_policy", Toggle(members, "DENY")))["job_id"]!.GetValue<string>();
        await factory.Gate.Held.WaitAsync(JobTimeout);

        var waiting = await BodyAsync(await client.GetAsync($"{Base}/preorders/{id}/jobs/{second}"));
        Assert.Equal("queued", waiting["state"]!.GetValue<string>());
        Assert.Equal(0, waiting["batches_done"]!.GetValue<int>());
        factory.Gate.Release();

        var done = await Eventually.ReturnsAsync(
            async () => await BodyAsync(await client.GetAsync($"{Base}/preorders/{id}/jobs/{second}")),
            j => j["state"]!.GetValue<string>() == "completed", JobTimeout, "the second job to complete");
        var firstDone = await BodyAsync(await client.GetAsync($"{Base}/preorders/{id}/jobs/{first}"));
        Assert.Equal("completed", firstDone["state"]!.GetValue<string>());
        Assert.True(
            DateTimeOffset.Parse(firstDone["completed_at"]!.GetValue<string>(), CultureInfo.InvariantCulture)
            <= DateTimeOffset.Parse(done["completed_at"]!.GetValue<string>(), CultureInfo.InvariantCulture));

        var grains = factory.Services.GetRequiredService<IGrainFactory>();
        var variants = await Task.WhenAll(members.Select(v => grains.GetGrain<IVariantGrain>(VariantKey.Format("shop-1", v)).GetAsync()));
        Assert.All(variants, v => Assert.Equal(InventoryPolicy.Deny, v.InventoryPolicy));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{Base}/preorders/{id}/jobs/unknown-job")).StatusCode);
    }
}
