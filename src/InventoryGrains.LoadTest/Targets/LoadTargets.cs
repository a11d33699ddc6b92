using System.Globalization;
using System.Net;
using System.Net.Sockets;
using InventoryGrains.Hosting;
using InventoryGrains.Hosting.Database;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace InventoryGrains.LoadTest.Targets;

public static class LoadTargets
{
    /// <summary>Starts (or connects to) what the options name.</summary>
    public static async Task<ILoadTarget> StartAsync(LoadTestOptions options, HttpClient? http = null)
    {
        switch (options.Target)
        {
            case TargetKind.Http:
                var client = http ?? new HttpClient { BaseAddress = options.Url, Timeout = TimeSpan.FromMinutes(2) };
                client.DefaultRequestHeaders.Add("X-Auth-Token", options.ApiKey);
                var target = new HttpTarget(client, options.Retry);
                await target.CheckReachableAsync();
                return target;
            case TargetKind.Cluster:
                var clientHost = await StartHostAsync(builder => builder.AddInventoryClient(), new Dictionary<string, string?>
                {
                    ["ConnectionStrings:Inventory"] = options.ConnectionString,
                    ["Inventory:Cluster:ClusterId"] = options.ClusterId,
                    ["Inventory:Cluster:GatewayPort"] = options.GatewayPort?.ToString(CultureInfo.InvariantCulture),

                    // Nothing here serves a dashboard.
                    ["Inventory:Dashboard:Enabled"] = "false",
                });
                return new GrainTarget(clientHost, clientHost.Services.GetRequiredService<IGrainFactory>(), options.Tenant,
                    options.ConnectionString is null ? $"cluster at localhost gateway {options.GatewayPort}" : "cluster through the PostgreSQL membership table", options.Retry);
            default:
                var durable = options.Storage == StorageKind.Postgres;
                if (durable)
                {
                    await DatabaseSchema.ApplyAsync(options.ConnectionString!);
                }

                var siloHost = await StartHostAsync(builder => builder.AddInventorySilo(), new Dictionary<string, string?>
                {
                    ["ConnectionStrings:Inventory"] = durable ? options.ConnectionString : null,
                    [ItemStoreRegistration.ProviderKey] = options.ItemStorage == ItemStorageKind.AdoNet ? nameof(ItemStoreProvider.AdoNet) : null,
                    ["Inventory:Cluster:ClusterId"] = $"loadtest-{Guid.NewGuid():N}",
                    ["Inventory:Cluster:SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
                    ["Inventory:Cluster:GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture),

                    // Nothing serves this silo's dashboard, so it does not time every grain call for one.
                    ["Inventory:Dashboard:Enabled"] = "false",

                    // --webhook's receiver runs in this process, on loopback.
                    ["Inventory:Webhooks:AllowPrivateNetworks"] = "true",
                });
                return new GrainTarget(siloHost, siloHost.Services.GetRequiredService<IGrainFactory>(), options.Tenant,
                    $"in-process silo, {(!durable ? "in-memory" : options.ItemStorage == ItemStorageKind.AdoNet ? "PostgreSQL (ADO.NET grain storage)" : "PostgreSQL (item store)")} storage", options.Retry);
        }
    }

    private static async Task<IHost> StartHostAsync(Action<HostApplicationBuilder> configure, Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(settings.Where(s => s.Value is not null));
        builder.Logging.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        configure(builder);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
