using InventoryGrains.Testing;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using InventoryGrains.Api.Tests.Security;
using Xunit.Abstractions;

namespace InventoryGrains.Api.Tests;

/// <summary>
/// The OpenAPI document behind the API page (<c>/scalar/v1</c>) is one a user can work from: it
/// declares the API key and the routes that need it, introduces the service, and gives every
/// operation a summary and, for every status in <see cref="Statuses"/> (what the dialect pages say
/// each route can answer), a schema and an example in the dialect's shape. The last test sends real
/// requests and checks that each answer is documented and has the documented shape.
/// </summary>
public sealed class OpenApiDocumentTests(CapturingApiFactory factory, ITestOutputHelper output) : IClassFixture<CapturingApiFactory>
{
    private static readonly int[] Change = [400, 401, 409, 413, 415, 422, 429, 503];

    /// <summary>
    /// What each route can answer, from docs/api.md and the dialect pages. A route missing here, or
    /// documented with other statuses, fails the tests: add it here when adding the route.
    /// </summary>
    private static readonly Dictionary<string, int[]> Statuses = new(StringComparer.Ordinal)
    {
        ["GetServiceIndex"] = [200],
        ["GetTenant"] = [200, 401],
        ["WixCreateInventoryItem"] = [200, .. Change, 428],
        ["WixGetInventoryItem"] = [200, 400, 401, 404, 429, 503],
        ["WixBulkCreateInventoryItems"] = [200, .. Change],
        ["WixBulkUpdateInventoryItems"] = [200, .. Change],
        ["WixBulkDecrementInventoryItems"] = [200, .. Change],
        ["WixBulkIncrementInventoryItems"] = [200, .. Change],
        ["WixQueryInventoryItems"] = [200, 400, 401, 429, 501, 503],
        ["WixQueryInventoryItemsByPost"] = [200, 400, 401, 413, 415, 429, 501, 503],
        ["WixSearchInventoryItems"] = [200, 400, 401, 429, 501, 503],
        ["WixSearchInventoryItemsByPost"] = [200, 400, 401, 413, 415, 429, 501, 503],
        ["WixCountInventoryItems"] = [200, 400, 401, 429, 501, 503],
        ["WixCountInventoryItemsByPost"] = [200, 400, 401, 413, 415, 429, 501, 503],
        ["WixBulkUpdateInventoryItemsByFilter"] = [200, .. Change],
        ["WixBulkDeleteInventoryItemsByFilter"] = [200, .. Change],
        ["WixBulkAdjustInventoryItemsByFilter"] = [200, .. Change],
        ["WixBulkSetOrAdjustInventoryItemsByFilter"] = [200, .. Change],
        ["WixBulkCreateInventoryItemsByVariantFilter"] = [200, .. Change],
        ["GetInventoryItemJob"] = [200, 401, 404],
        ["GetInventoryItemChanges"] = [200, 400, 401, 404, 501],
        ["GetChanges"] = [200, 400, 401, 501],
        ["CreateWebhook"] = [201, 400, 401, 409, 413, 415, 422, 501],
        ["GetInventoryItem"] = [200, 401, 404],
        ["SetInventoryQuantities"] = [200, 400, 401, 409, 413, 415, 422, 503],
        ["AdjustInventoryQuantities"] = [200, 400, 401, 409, 413, 415, 422, 503],
        ["MoveInventoryQuantities"] = [200, 400, 401, 409, 413, 415, 422, 503],
        ["CreateReservation"] = [201, 400, 401, 409, 413, 415, 422, 503],
        ["ListReservations"] = [200, 400, 401],
        ["GetReservation"] = [200, 401, 404],
        ["ConfirmReservation"] = [200, 400, 401, 404, 409, 422, 503],
        ["ReleaseReservation"] = [200, 400, 401, 404, 409, 422, 503],
        ["FulfilReservation"] = [200, 400, 401, 404, 409, 422, 503],
        ["CancelReservation"] = [200, 400, 401, 404, 409, 422, 503],
        ["ExtendReservation"] = [200, 400, 401, 404, 409, 413, 415, 422, 503],
        ["ListWebhooks"] = [200, 401],
        ["GetWebhookDeliveries"] = [200, 401, 404],
        ["DeleteWebhook"] = [204, 400, 401, 404, 409, 422],
        ["WixUpdateInventoryItem"] = [200, .. Change, 404, 428],
        ["WixDeleteInventoryItem"] = [200, 400, 401, 404, 409, 422, 429, 503],
        ["WixBulkDeleteInventoryItems"] = [200, .. Change],
        ["WixBulkUpsertInventoryItems"] = [200, .. Change],
        ["WixBulkDecrementInventoryItemsByVariantAndLocation"] = [200, .. Change],
        ["WixBulkIncrementInventoryItemsByVariantAndLocation"] = [200, .. Change],
        ["StoqCreateSellingPlan"] = [201, .. Change],
        ["StoqListSellingPlans"] = [200, 400, 401, 429, 503],
        ["StoqGetSellingPlan"] = [200, 401, 404, 429, 503],
        ["StoqUpdateSellingPlan"] = [200, 404, .. Change],
        ["StoqDeleteSellingPlan"] = [200, 400, 401, 404, 409, 422, 429, 503],
        ["StoqAddSellingPlanVariants"] = [200, 404, .. Change],
        ["StoqRemoveSellingPlanVariants"] = [200, 404, .. Change],
        ["StoqBulkToggleInventoryPolicy"] = [200, 404, .. Change],
        ["StoqGetInventoryPolicyJob"] = [200, 401, 404, 429, 503],
        ["StoqGetVariant"] = [200, 400, 401, 429, 503],
        ["CruxCreateSkus"] = [200, .. Change],
        ["CruxBulkSkuInventory"] = [200, .. Change],
        ["BspkInventoryBatch"] = [200, .. Change],
    };

    /// <summary>The error bodies of each tag's dialect (its IDialect); the service's own routes answer problem details (a quantity conflict's with its lines).</summary>
    private static readonly Dictionary<string, string[]> ErrorSchemas = new(StringComparer.Ordinal)
    {
        ["Service"] = ["ProblemDetails", "QuantityConflict", "ReservationConflict"],
        ["Wix"] = ["WixErrorBody", "WixValidationErrorBody"],
        ["Stoq"] = ["StoqErrorBody", "StoqFieldErrorsBody"],
        ["Crux"] = ["CruxErrorBody"],
        ["BSPK"] = ["BspkErrorBody"],
    };

    private sealed record Operation(string Path, string Method, JsonObject Node)
    {
        public string Id => Node["operationId"]?.GetValue<string>() ?? $"{Method} {Path}";

        public string Tag => Node["tags"]![0]!.GetValue<string>();

        public JsonObject Responses => Node["responses"]!.AsObject();
    }

    private async Task<JsonObject> DocumentAsync()
    {
        using var client = factory.CreateClient();
        return (await client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
    }

    private static List<Operation> Operations(JsonObject document) =>
    [
        .. document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(method => method.Key is "get" or "put" or "post" or "delete" or "patch")
            .Select(method => new Operation(path.Key, method.Key, method.Value!.AsObject()))),
    ];

    [Fact]
    public async Task Every_route_is_in_the_table_and_every_route_of_the_table_is_documented()
    {
        var ids = Operations(await DocumentAsync()).Select(operation => operation.Id).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(ids.Except(Statuses.Keys));
        Assert.Empty(Statuses.Keys.Except(ids));
    }

    [Fact]
    public async Task Every_operation_has_a_summary_and_a_schema_and_an_example_for_each_status_it_can_answer()
    {
        var document = await DocumentAsync();
        var problems = new List<string>();
        foreach (var operation in Operations(document))
        {
            if (string.IsNullOrWhiteSpace(operation.Node["summary"]?.GetValue<string>()))
            {
                problems.Add($"{operation.Id}: no summary");
            }

            var documented = operation.Responses.Select(response => int.Parse(response.Key, System.Globalization.CultureInfo.InvariantCulture)).Order().ToArray();
            if (Statuses.TryGetValue(operation.Id, out var expected) && !expected.Order().SequenceEqual(documented))
            {
                problems.Add($"{operation.Id}: answers [{string.Join(", ", documented)}], the table says [{string.Join(", ", expected.Order())}]");
            }

            foreach (var (status, response) in operation.Responses)
            {
                if (string.IsNullOrWhiteSpace(response!["description"]?.GetValue<string>()))
                {
                    problems.Add($"{operation.Id} {status}: no description");
                }

                var content = response["content"]?.AsObject();
                if (status == "204")
                {
                    if (content is { Count: > 0 })
                    {
                        problems.Add($"{operation.Id} 204: documents a body");
                    }

                    continue;
                }

                if (content is null || content.Count == 0)
                {
                    problems.Add($"{operation.Id} {status}: no content");
                    continue;
                }

                foreach (var (mediaType, media) in content)
                {
                    var schema = media!["schema"];
                    if (schema is null || Resolve(document, schema) is not JsonObject { Count: > 0 })
                    {
                        problems.Add($"{operation.Id} {status} {mediaType}: no schema");
                    }

                    if (media["example"] is null && media["examples"] is not JsonObject { Count: > 0 })
                    {
                        problems.Add($"{operation.Id} {status} {mediaType}: no example");
                    }

                    if (status[0] is '4' or '5')
                    {
                        var references = References(schema);
                        var allowed = ErrorSchemas[operation.Tag];
                        if (references.Count == 0 || !references.All(allowed.Contains))
                        {
                            problems.Add($"{operation.Id} {status}: answers [{string.Join(", ", references)}], not the {operation.Tag} error body ({string.Join(" or ", allowed)})");
                        }
                    }
                }
            }

            if (operation.Node["requestBody"] is { } body)
            {
                var media = body["content"]?["application/json"];
                if (media?["schema"] is not { } schema || (References(schema).Count + References(schema["items"]).Count) != 1)
                {
                    problems.Add($"{operation.Id}: the request body has no contract schema");
                }

                if (media?["example"] is null)
                {
                    problems.Add($"{operation.Id}: the request body has no example");
                }

                if (body["required"]?.GetValue<bool>() != true)
                {
                    problems.Add($"{operation.Id}: the request body is not required");
                }
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public async Task The_document_is_valid_openapi()
    {
        using var client = factory.CreateClient();
        var text = await client.GetStringAsync("/openapi/v1.json");

        var read = Microsoft.OpenApi.OpenApiDocument.Parse(text, "json");

        Assert.Empty(read.Diagnostic?.Errors ?? []);
        Assert.NotNull(read.Document);
    }

    [Fact]
    public async Task The_api_key_schemes_are_declared_and_required_by_every_route_but_the_index()
    {
        var document = await DocumentAsync();

        var schemes = document["components"]!["securitySchemes"]!.AsObject();
        Assert.Equal("apiKey", schemes["X-Auth-Token"]!["type"]!.GetValue<string>());
        Assert.Equal("header", schemes["X-Auth-Token"]!["in"]!.GetValue<string>());
        Assert.Equal("X-Auth-Token", schemes["X-Auth-Token"]!["name"]!.GetValue<string>());
        Assert.Equal("http", schemes["Bearer"]!["type"]!.GetValue<string>());
        Assert.Equal("bearer", schemes["Bearer"]!["scheme"]!.GetValue<string>());
        Assert.Equal("Authorization", schemes["Authorization"]!["name"]!.GetValue<string>());
        Assert.Contains("Token KEY", schemes["Authorization"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        foreach (var operation in Operations(document))
        {
            var requirements = operation.Node["security"]?.AsArray().Select(requirement => requirement!.AsObject().Single().Key).ToList() ?? [];
            if (operation.Id == "GetServiceIndex")
            {
                Assert.Empty(requirements);
            }
            else
            {
                Assert.Equal(["X-Auth-Token", "Bearer", "Authorization"], requirements);
            }
        }
    }

    [Fact]
    public async Task The_document_introduces_the_service_and_each_dialect()
    {
        var document = await DocumentAsync();

        var introduction = document["info"]!["description"]!.GetValue<string>();
        foreach (var text in new[] { "/stores/v3", "/api/v1/external", "/timp/products/skus/", "/api/platform/v1/products/inventories/batches", "X-Auth-Token: KEY", "Authorization: Bearer KEY", "Authorization: Token KEY", "Authorization: KEY", "Idempotency-Key" })
        {
            Assert.Contains(text, introduction, StringComparison.Ordinal);
        }

        var tags = document["tags"]!.AsArray().ToDictionary(tag => tag!["name"]!.GetValue<string>(), tag => tag!["description"]?.GetValue<string>());
        foreach (var tag in ErrorSchemas.Keys)
        {
            Assert.False(string.IsNullOrWhiteSpace(tags[tag]), tag);
        }

        Assert.All(Operations(document), operation => Assert.Contains(operation.Tag, ErrorSchemas.Keys));
    }

    [Fact]
    public async Task Paths_methods_and_fields_are_as_served()
    {
        var document = await DocumentAsync();
        var paths = document["paths"]!.AsObject().Select(path => path.Key).ToList();
        var schemas = document["components"]!["schemas"]!.AsObject();
        string[] Required(string schema) => schemas[schema]!["required"]?.AsArray().Select(name => name!.GetValue<string>()).Order().ToArray() ?? [];

        // Crux paths end with '/', as in the original API; no diagnostics route is in the document.
        Assert.Equal(["/timp/products/skus/", "/timp/products/skus/inventory/bulk/"], paths.Where(path => path.StartsWith("/timp", StringComparison.Ordinal)).Order());
        Assert.DoesNotContain(paths, path => path.Contains("dashboard", StringComparison.OrdinalIgnoreCase));

        // Stoq creation answers 201.
        var create = Operations(document).Single(operation => operation.Id == "StoqCreateSellingPlan");
        Assert.Equal("/api/v1/external/preorders", create.Path);
        Assert.True(create.Responses.ContainsKey("201"));
        Assert.False(create.Responses.ContainsKey("200"));

        // Optional Wix fields are optional; what a request cannot do without is required.
        Assert.Empty(Required("WixInventoryItem"));
        Assert.Empty(Required("WixPreorderInfo"));
        Assert.Equal(["inventoryItem"], Required("WixCreateRequest"));
        Assert.Equal(["inventoryItems"], Required("WixBulkCreateRequest"));
        Assert.Equal(["inventoryItems"], Required("WixBulkUpdateRequest"));
        Assert.Equal(["decrementData"], Required("WixBulkDecrementRequest"));
        Assert.Equal(["decrementBy", "inventoryItemId"], Required("WixDecrementEntry"));
        Assert.Equal(["incrementData"], Required("WixBulkIncrementRequest"));
        Assert.Equal(["incrementBy", "inventoryItemId"], Required("WixIncrementEntry"));

        // Stoq and Crux bodies are their contracts, in snake_case; the Crux body is a bare array.
        Assert.Equal("#/components/schemas/StoqSellingPlanRequest", RequestSchema(create)["$ref"]!.GetValue<string>());
        Assert.True(schemas["StoqSellingPlanInput"]!["properties"]!.AsObject().ContainsKey("billing_after_n_intervals"));
        Assert.Equal(["CONTINUE", "DENY"], schemas["InventoryPolicy"]!["enum"]!.AsArray().Select(value => value!.GetValue<string>()).Order());
        var crux = Operations(document).Single(operation => operation.Id == "CruxBulkSkuInventory");
        Assert.Equal("array", RequestSchema(crux)["type"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/CruxSkuElement", RequestSchema(crux)["items"]!["$ref"]!.GetValue<string>());

        // Every change takes an optional Idempotency-Key; reads do not, also a query sent as a POST body.
        foreach (var operation in Operations(document).Where(operation => operation.Id != "GetServiceIndex"))
        {
            var header = operation.Node["parameters"]?.AsArray().SingleOrDefault(parameter => parameter!["name"]!.GetValue<string>() == "Idempotency-Key");
            var changes = operation.Method != "get" && !operation.Id.EndsWith("InventoryItemsByPost", StringComparison.Ordinal);
            Assert.True(changes == (header is not null), operation.Id);
            Assert.False(header?["required"]?.GetValue<bool>() ?? false, operation.Id);

            // Documented with an example the reference page shows but does not send: a key it
            // filled in for every change would replay the second request and refuse all others.
            if (header is not null)
            {
                Assert.Null(header["example"]);
                Assert.Null(header["schema"]!["example"]);
                var example = Assert.Single(header["examples"]!.AsObject()).Value!;
                Assert.True(example["x-disabled"]!.GetValue<bool>(), operation.Id);
            }
        }

        // The server is named without a trailing slash: a page appending /stores/… must not make //stores/….
        Assert.All(document["servers"]?.AsArray() ?? [], server => Assert.False(server!["url"]!.GetValue<string>().EndsWith('/'), server.ToJsonString()));
    }

    [Fact]
    public async Task Real_answers_of_every_route_are_documented_with_their_shape()
    {
        var document = await DocumentAsync();
        var operations = Operations(document);
        var ids = await factory.CreateOwnerResourcesAsync();
        using var anonymous = factory.Client(null);
        using var owner = factory.Client(CapturingApiFactory.OwnerKey);
        var problems = new List<string>();
        var checkedAnswers = 0;

        async Task CheckAsync(HttpClient client, RouteCatalog.Route route, string what, string? body, string contentType = "application/json", string? idempotencyKey = null)
        {
            using var request = new HttpRequestMessage(route.Method, route.Path);
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, contentType);
            }

            if (idempotencyKey is not null)
            {
                request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
            }

            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            // As the router does: a literal segment wins over a parameter (…/inventory-items/query over …/{id}).
            var operation = operations
                .Where(operation => string.Equals(operation.Method, route.Method.Method, StringComparison.OrdinalIgnoreCase) && Matches(operation.Path, route.Path))
                .OrderBy(operation => operation.Path.Count(c => c == '{'))
                .FirstOrDefault();
            var label = $"{route.Name} ({what}): {status}";
            if (operation is null)
            {
                problems.Add($"{label}: no operation in the document");
                return;
            }

            if (status == "204" && operation.Responses.ContainsKey(status) && text.Length == 0)
            {
                checkedAnswers++;
                return;
            }

            if (operation.Responses[status]?["content"] is not JsonObject content)
            {
                problems.Add($"{label} is not documented for {operation.Id}: {text}");
                return;
            }

            var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
            if (content[mediaType]?["schema"] is not { } schema)
            {
                problems.Add($"{label}: {mediaType} is not documented (documented: {string.Join(", ", content.Select(c => c.Key))})");
                return;
            }

            checkedAnswers++;
            problems.AddRange(Validate(document, schema, JsonNode.Parse(text), "$").Select(problem => $"{label}: {problem} in {text}"));
        }

        foreach (var route in RouteCatalog.All.Select(route => route.With(ids)))
        {
            await CheckAsync(anonymous, route, "no key", route.Body);
            await CheckAsync(owner, route, "well-formed", route.Body);
            if (route.Body is not null)
            {
                await CheckAsync(owner, route, "text/plain", route.Body, "text/plain");
                await CheckAsync(owner, route, "invalid JSON", "{");
                await CheckAsync(owner, route, "bad idempotency key", route.Body, idempotencyKey: "has spaces");
            }
        }

        output.WriteLine($"answers checked: {checkedAnswers}");
        Assert.Empty(problems);
    }

    private static JsonNode RequestSchema(Operation operation) => operation.Node["requestBody"]!["content"]!["application/json"]!["schema"]!;

    /// <summary>Whether a request path is an instance of a documented path (parameters match a segment; a trailing slash is optional).</summary>
    private static bool Matches(string template, string path)
    {
        var pattern = "^" + Regex.Replace(Regex.Escape(template.TrimEnd('/')), @"\\\{[^/]+?\}", "[^/]+") + "/?$";
        return Regex.IsMatch(path, pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
    }

    /// <summary>The component names a schema refers to, directly or as one of its alternatives.</summary>
    private static List<string> References(JsonNode? schema)
    {
        if (schema?["$ref"] is { } reference)
        {
            return [reference.GetValue<string>().Split('/')[^1]];
        }

        return schema?["oneOf"] is JsonArray alternatives ? [.. alternatives.SelectMany(References)] : [];
    }

    private static JsonNode? Resolve(JsonObject document, JsonNode? schema) =>
        schema?["$ref"] is { } reference ? document["components"]!["schemas"]![reference.GetValue<string>().Split('/')[^1]] : schema;

    /// <summary>
    /// A JSON value against a schema of the document, as far as this document's schemas go: types,
    /// required and known properties, array items, enums, one-of and all-of.
    /// </summary>
    private static IEnumerable<string> Validate(JsonObject document, JsonNode schemaNode, JsonNode? value, string at)
    {
        var schema = Resolve(document, schemaNode)!.AsObject();
        if (schema["oneOf"] is JsonArray alternatives)
        {
            if (!alternatives.Any(alternative => !Validate(document, alternative!, value, at).Any()))
            {
                yield return $"{at} matches none of its alternatives";
            }

            yield break;
        }

        var types = schema["type"] switch
        {
            JsonArray array => array.Select(type => type!.GetValue<string>()).ToList(),
            JsonValue single => [single.GetValue<string>()],
            _ => null,
        };
        var kind = value switch
        {
            null => "null",
            JsonObject => "object",
            JsonArray => "array",
            JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => "string",
            JsonValue v when v.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => "boolean",
            JsonValue v when v.GetValue<decimal>() % 1 == 0 => "integer",
            _ => "number",
        };
        if (types is not null && !types.Contains(kind) && !(kind == "integer" && types.Contains("number")))
        {
            yield return $"{at} is {kind}, documented as {string.Join(" or ", types)}";
            yield break;
        }

        if (schema["enum"] is JsonArray values && value is not null && !values.Any(v => JsonNode.DeepEquals(v, value)))
        {
            yield return $"{at} = {value.ToJsonString()} is not one of the documented values";
        }

        if (value is JsonArray items && schema["items"] is { } itemSchema)
        {
            for (var index = 0; index < items.Count; index++)
            {
                foreach (var problem in Validate(document, itemSchema, items[index], $"{at}[{index}]"))
                {
                    yield return problem;
                }
            }
        }

        if (value is not JsonObject obj)
        {
            yield break;
        }

        var properties = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        var required = new List<string>();
        foreach (var part in new[] { schema }.Concat(schema["allOf"]?.AsArray().Select(part => Resolve(document, part)!.AsObject()) ?? []))
        {
            foreach (var (name, property) in part["properties"]?.AsObject() ?? [])
            {
                properties[name] = property!;
            }

            required.AddRange(part["required"]?.AsArray().Select(name => name!.GetValue<string>()) ?? []);
        }

        foreach (var name in required.Where(name => !obj.ContainsKey(name)))
        {
            yield return $"{at}.{name} is required but missing";
        }

        foreach (var (name, property) in obj)
        {
            var propertySchema = properties.GetValueOrDefault(name) ?? schema["additionalProperties"] as JsonObject;
            if (propertySchema is null)
            {
                if (properties.Count > 0 || schema["additionalProperties"] is null)
                {
                    yield return $"{at}.{name} is not documented";
                }

                continue;
            }

            foreach (var problem in Validate(document, propertySchema, property, $"{at}.{name}"))
            {
                yield return problem;
            }
        }
    }
}
