using System.Net;
using System.Text.Json.Nodes;
using InventoryGrains.Abstractions.Inventory.Queries;
using InventoryGrains.Storage.Items;
using InventoryGrains.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace InventoryGrains.Api.Tests;

/// <summary>
/// The embedded API in the Development environment (what <c>dotnet run</c> gives), with an item query
/// store that fails as no store should: the framework would show its developer exception page,
/// with the stack, the source paths and every request header, the key included.
/// </summary>
public sealed class FailingDevelopmentApiFactory : EmbeddedApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Development");
        builder.ConfigureTestServices(services => services.AddSingleton<IItemQueryStore, BrokenItemQueryStore>());
    }

    private sealed class BrokenItemQueryStore : IItemQueryStore
    {
        public Task<ItemPage> QueryAsync(string tenant, ItemQuery query, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("secret internals of a broken store");

        public Task<long> CountAsync(string tenant, ItemFilter? filter, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("secret internals of a broken store");

        public Task<IReadOnlyList<AggregationResult>> AggregateAsync(string tenant, ItemFilter? filter, IReadOnlyList<ItemAggregation> aggregations, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("secret internals of a broken store");
    }
}

public sealed class UnexpectedFailureTests(FailingDevelopmentApiFactory factory) : IClassFixture<FailingDevelopmentApiFactory>
{
    [Fact]
    public async Task An_unexpected_failure_in_development_is_a_500_in_the_dialects_shape_with_a_trace_id_and_nothing_else()
    {
        using var client = factory.CreateClient().WithApiKey("dev-key");
        client.DefaultRequestHeaders.Add("Cookie", "session=cookie-value-7f3e");

        using var response = await client.GetAsync("/stores/v3/inventory-items/count");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        var body = JsonNode.Parse(text)!;
        Assert.Equal("INTERNAL", body["details"]!["applicationError"]!["code"]!.GetValue<string>());
        Assert.Contains("trace id", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
        foreach (var leak in new[] { "dev-key", "cookie-value-7f3e", "secret internals", "InvalidOperationException", "   at ", ".cs:line" })
        {
            Assert.DoesNotContain(leak, text, StringComparison.Ordinal);
        }
    }
}
