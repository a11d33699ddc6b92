using InventoryGrains.Grains.Inventory.Jobs;
using System.Globalization;
using System.Net;
using InventoryGrains.Abstractions;
using InventoryGrains.Grains.Identifiers;
using InventoryGrains.Grains.Inventory;
using InventoryGrains.Grains.Reservations;
using InventoryGrains.Grains.SellingPlans;
using InventoryGrains.Grains.Webhooks;
using InventoryGrains.Hosting.Configuration;
using InventoryGrains.Hosting.Database;
using InventoryGrains.Hosting.Networking;
using InventoryGrains.Hosting.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Storage;

namespace InventoryGrains.Hosting;

public static class SiloHostingExtensions
{
    /// <summary>
    /// Hosts a silo in this process: localhost clustering with in-memory state when no
    /// connection string is configured, ADO.NET clustering, storage and reminders on PostgreSQL
    /// when one is. Inventory items are kept by the item store.
    /// </summary>
    public static InventoryDeployment AddInventorySilo(this IHostApplicationBuilder builder)
    {
        var deployment = InventoryDeployment.From(builder.Configuration);
        var settings = builder.BindClusterOptions();
        if (deployment.IsEmbedded)
        {
            settings = builder.UseEmbeddedClusterDefaults(settings);
        }

        // Orleans' providers share one pool, bounded like every pool of the process.
        var connections = deployment.Storage == StorageMode.PostgreSql ? builder.Services.AddDatabaseConnections(builder.Configuration) : null;
        var orleansConnectionString = connections is null
            ? null
            : InventoryDatabase.Bounded(deployment.RequireConnectionString(), connections.OrleansConnections, connections.ConnectionWait);

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = settings.ClusterId;
                options.ServiceId = settings.ServiceId;
            });

            // Failure-detection and reminder timing are tunable from configuration, so tests and
            // operators can shorten them without code changes.
            silo.Services.AddFailureDetection(builder.Configuration.GetSection($"{InventoryClusterOptions.SectionName}:Membership"));
            silo.Services.Configure<ReminderOptions>(builder.Configuration.GetSection($"{InventoryClusterOptions.SectionName}:Reminders"));
            silo.Services.AddKeyedSingleton<TimeProvider>(TimeProviderNames.Membership, ProcessRelativeTimeProvider.Instance);

            // The silo and gateway ports belong to this process alone (Orleans would share them).
            silo.Services.UseExclusiveListeners(port => port == settings.GatewayPort ? ClusterPorts.GatewayPortInUse(port) : ClusterPorts.SiloPortInUse(port));

            // Grain state is stored with Orleans' own binary serializer: the state types carry
            // [GenerateSerializer]/[Id] for version tolerance, and it costs a fraction of the
            // default JSON serializer per write.
            silo.Services.AddOptions<MemoryGrainStorageOptions>(StorageNames.Inventory)
                .Configure<IServiceProvider>((options, services) =>
                {
                    options.GrainStorageSerializer = BinaryStateSerializer(services);
                    options.NumStorageGrains = 64;
                });
            silo.Services.AddOptions<AdoNetGrainStorageOptions>(StorageNames.Inventory)
                .Configure<IServiceProvider>((options, services) => options.GrainStorageSerializer = BinaryStateSerializer(services));
            silo.AddItemStore(builder.Configuration, deployment, orleansConnectionString, BinaryStateSerializer);
            silo.AddInventoryDiagnostics(builder.Configuration);

            if (orleansConnectionString is { } connectionString)
            {
                var advertised = settings.ResolveAdvertisedAddress();
                // Bound to loopback only when advertised there; otherwise reachable on every interface.
                silo.ConfigureEndpoints(advertised, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(advertised));
                silo.UseAdoNetClustering(options =>
                {
                    options.Invariant = InventoryDeployment.AdoNetInvariant;
                    options.ConnectionString = connectionString;
                });
                silo.AddAdoNetGrainStorage(StorageNames.Inventory, options =>
                {
                    options.Invariant = InventoryDeployment.AdoNetInvariant;
                    options.ConnectionString = connectionString;
                });
                silo.TranslateAdoNetStorageFailures(StorageNames.Inventory);
                silo.UseAdoNetReminderService(options =>
                {
                    options.Invariant = InventoryDeployment.AdoNetInvariant;
                    options.ConnectionString = connectionString;
                });
            }
            else
            {
                silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, serviceId: settings.ServiceId, clusterId: settings.ClusterId);
                silo.AddMemoryGrainStorage(StorageNames.Inventory);
                silo.UseInMemoryReminderService();
            }
        });

        builder.Services.AddValidatedOptions<BulkCoordinatorOptions, BulkCoordinatorOptionsValidator>(builder.Configuration.GetSection(BulkCoordinatorOptions.SectionName));
        builder.Services.AddValidatedOptions<InventoryPolicyJobOptions, InventoryPolicyJobOptionsValidator>(
            builder.Configuration.GetSection(InventoryPolicyJobOptions.SectionName));
        builder.Services.AddValidatedOptions<AllOrNothingOptions, AllOrNothingOptionsValidator>(builder.Configuration.GetSection(AllOrNothingOptions.SectionName));
        builder.Services.AddValidatedOptions<ReservationOptions, ReservationOptionsValidator>(builder.Configuration.GetSection(ReservationOptions.SectionName));
        builder.Services.AddHostedService<ReservationSweepStarter>();
        builder.Services.AddValidatedOptions<ItemFilterJobOptions, ItemFilterJobOptionsValidator>(
            builder.Configuration.GetSection(ItemFilterJobOptions.SectionName));
        builder.Services.AddValidatedOptions<IdentifierIndexOptions, IdentifierIndexOptionsValidator>(
            builder.Configuration.GetSection(IdentifierIndexOptions.SectionName));
        builder.Services.AddValidatedOptions<WebhookOptions, WebhookOptionsValidator>(builder.Configuration.GetSection(WebhookOptions.SectionName));
        if (deployment.IsEmbedded && builder.Configuration[$"{WebhookOptions.SectionName}:{nameof(WebhookOptions.AllowPrivateNetworks)}"] is null)
        {
            // The embedded mode runs on a developer's machine, where the receivers are too.
            builder.Services.PostConfigure<WebhookOptions>(options => options.AllowPrivateNetworks = true);
        }

        builder.Services.AddSingleton<WebhookSender>();
        builder.Services.AddSingleton(deployment);
        if (connections is not null)
        {
            builder.Services.AddSingleton(new ConnectionPool("orleans", connections.OrleansConnections));
            builder.Services.AddDatabaseChecks(deployment, connections);
        }

        return deployment;
    }

    /// <summary>
    /// The embedded mode is a cluster of one process: unless configured, it takes a cluster id of
    /// its own and ports the system picks, so it can never join, or be joined by, a cluster of
    /// silos on the same machine.
    /// </summary>
    private static InventoryClusterOptions UseEmbeddedClusterDefaults(this IHostApplicationBuilder builder, InventoryClusterOptions settings)
    {
        var section = builder.Configuration.GetSection(InventoryClusterOptions.SectionName);
        var chosen = new InventoryClusterOptions
        {
            ClusterId = section[nameof(InventoryClusterOptions.ClusterId)] ?? $"embedded-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}",
            ServiceId = settings.ServiceId,
            SiloPort = section[nameof(InventoryClusterOptions.SiloPort)] is null ? FreeLoopbackPort() : settings.SiloPort,
            GatewayPort = section[nameof(InventoryClusterOptions.GatewayPort)] is null ? FreeLoopbackPort() : settings.GatewayPort,
            AdvertisedAddress = settings.AdvertisedAddress,
            ClientConnectTimeout = settings.ClientConnectTimeout,
        };
        builder.Services.PostConfigure<InventoryClusterOptions>(options =>
        {
            options.ClusterId = chosen.ClusterId;
            options.SiloPort = chosen.SiloPort;
            options.GatewayPort = chosen.GatewayPort;
        });
        return chosen;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static OrleansGrainStorageSerializer BinaryStateSerializer(IServiceProvider services) =>
        ActivatorUtilities.CreateInstance<OrleansGrainStorageSerializer>(services);
}
