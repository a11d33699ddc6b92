using System.Collections.ObjectModel;
using System.Diagnostics;
using InventoryGrains.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace InventoryGrains.Api.Tests.Observability;

/// <summary>
/// An API hosting a silo of a cluster on a fresh PostgreSQL database (the item store batching
/// writes), with <c>/metrics</c> switched on, a merchant's key and an operator's key that may open
/// the dashboard, and every finished span kept in memory.
/// </summary>
public sealed class ClusterModeApi : IAsyncLifetime, IAsyncDisposable
{
    public const string ShopKey = "shop-secret-key-4f1d";
    public const string ShopTenant = "shop-1";
    public const string OperatorKey = "operator-secret-key-9a2c";
    public const string OperatorTenant = "operator";

    private TestDatabase? _database;
    private Factory? _factory;

    public SpanList Spans { get; } = new();

    public WebApplicationFactoryClient Api => new(_factory ?? throw new InvalidOperationException("Not started."));

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _factory = new Factory(_database.ConnectionString, Spans);
        using var client = _factory.CreateClient();
        await Eventually.HoldsAsync(
            async () => (await client.GetAsync("/health/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "the API to be ready");
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>Creates clients of the API, with a key or without.</summary>
    public sealed class WebApplicationFactoryClient(EmbeddedApiFactory factory)
    {
        public HttpClient Create(string? key = null)
        {
            var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            if (key is not null)
            {
                client.DefaultRequestHeaders.Add("X-Auth-Token", key);
            }

            return client;
        }
    }

    /// <summary>Finished spans; the exporter adds to it from any thread.</summary>
    public sealed class SpanList : Collection<Activity>
    {
        private readonly Lock _lock = new();

        public IReadOnlyList<Activity> Snapshot()
        {
            lock (_lock)
            {
                return [.. Items];
            }
        }

        protected override void InsertItem(int index, Activity item)
        {
            lock (_lock)
            {
                base.InsertItem(index, item);
            }
        }
    }

    private sealed class Factory(string connectionString, SpanList spans) : EmbeddedApiFactory(new Dictionary<string, string>
    {
        ["ConnectionStrings:Inventory"] = connectionString,
        ["Inventory:Cluster:ClusterId"] = $"observability-{Guid.NewGuid():N}",
        ["Inventory:Metrics:Enabled"] = "true",
        ["Inventory:ApiKeys:0:Key"] = ShopKey,
        ["Inventory:ApiKeys:0:Tenant"] = ShopTenant,
        ["Inventory:ApiKeys:1:Key"] = OperatorKey,
        ["Inventory:ApiKeys:1:Tenant"] = OperatorTenant,
        ["Inventory:Dashboard:Tenants:0"] = OperatorTenant,
    })
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);

            // An exporter makes the tracer provider exist; what it traces is the service's own registration.
            builder.ConfigureTestServices(services => services.AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(spans)));
        }
    }
}
