using System.Net;
using InventoryGrains.Abstractions;
using InventoryGrains.Grains.Identifiers;
using InventoryGrains.Grains.SellingPlans;
using InventoryGrains.Hosting.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Storage;

namespace InventoryGrains.Hosting;

public static class SiloHostingExtensions
{
    /// <summary>
    /// Hosts a silo in this process: localhost clustering with in-memory state when no
    /// connection string is configured, ADO.NET clustering, storage and reminders on PostgreSQL
    /// when one is.
    /// </summary>
    public static InventoryDeployment AddInventorySilo(this IHostApplicationBuilder builder)
    {
        var deployment = InventoryDeployment.From(builder.Configuration);
        var settings = builder.BindClusterSettings();

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = settings.ClusterId;
                options.ServiceId = settings.ServiceId;
            });

            // Failure-detection and reminder timing are tunable from configuration, so tests and
            // operators can shorten them without code changes.
            silo.Services.Configure<ClusterMembershipOptions>(builder.Configuration.GetSection($"{ClusterSettings.SectionName}:Membership"));
            silo.Services.Configure<ReminderOptions>(builder.Configuration.GetSection($"{ClusterSettings.SectionName}:Reminders"));

            // Grain state is stored with Orleans' own binary serializer: the state types carry
            // [GenerateSerializer]/[Id] for version tolerance, and it costs a fraction of the
            // default JSON serializer per write (the item's change log makes states non-trivial).
            silo.Services.AddOptions<MemoryGrainStorageOptions>(StorageNames.Inventory)
                .Configure<IServiceProvider>((options, services) =>
                {
                    options.GrainStorageSerializer = BinaryStateSerializer(services);
                    options.NumStorageGrains = 64;
                });
            silo.Services.AddOptions<AdoNetGrainStorageOptions>(StorageNames.Inventory)
                .Configure<IServiceProvider>((options, services) => options.GrainStorageSerializer = BinaryStateSerializer(services));

            if (deployment.Storage == StorageMode.PostgreSql)
            {
                var connectionString = deployment.RequireConnectionString();
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

        builder.Services.AddOptions<InventoryPolicyJobOptions>()
            .Bind(builder.Configuration.GetSection(InventoryPolicyJobOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<IdentifierIndexOptions>()
            .Bind(builder.Configuration.GetSection(IdentifierIndexOptions.SectionName));
        builder.Services.AddSingleton(deployment);
        return deployment;
    }

    private static OrleansGrainStorageSerializer BinaryStateSerializer(IServiceProvider services) =>
        ActivatorUtilities.CreateInstance<OrleansGrainStorageSerializer>(services);
}
