using InventoryGrains.Abstractions;
using InventoryGrains.Hosting.Configuration;
using InventoryGrains.Hosting.Database;
using InventoryGrains.Storage.GroupCommit;
using InventoryGrains.Storage.Items;
using InventoryGrains.Storage.Memory;
using InventoryGrains.Storage.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace InventoryGrains.Hosting;

/// <summary>Which store keeps inventory items on PostgreSQL (<c>Inventory:Storage:Items:Provider</c>).</summary>
public enum ItemStoreProvider
{
    /// <summary>Typed rows and the change ledger, written by group commit.</summary>
    ItemStore,

    /// <summary>Orleans' ADO.NET grain storage, one statement per write and no ledger: kept to measure against.</summary>
    AdoNet,
}

internal static class ItemStoreRegistration
{
    public const string ProviderKey = PostgresItemStoreOptions.SectionName + ":Provider";

    /// <summary>
    /// The grain storage of inventory items: the in-memory item store without a database, the
    /// PostgreSQL item store with one (or, by configuration, Orleans' ADO.NET storage).
    /// </summary>
    public static void AddItemStore(this ISiloBuilder silo, IConfiguration configuration, InventoryDeployment deployment, Func<IServiceProvider, IGrainStorageSerializer> serializer)
    {
        var services = silo.Services;
        services.TryAddSingleton<GroupCommitMetrics>();
        if (deployment.Storage == StorageMode.InMemory)
        {
            services.TryAddSingleton<MemoryItemStore>();
            services.TryAddSingleton<IItemStore>(provider => provider.GetRequiredService<MemoryItemStore>());
        }
        else if (ReadProvider(configuration) == ItemStoreProvider.AdoNet)
        {
            silo.AddAdoNetGrainStorage(StorageNames.Items, options =>
            {
                options.Invariant = InventoryDeployment.AdoNetInvariant;
                options.ConnectionString = deployment.RequireConnectionString();
            });
            services.AddOptions<AdoNetGrainStorageOptions>(StorageNames.Items)
                .Configure<IServiceProvider>((options, provider) => options.GrainStorageSerializer = serializer(provider));
            return;
        }
        else
        {
            services.AddOptions<PostgresItemStoreOptions>()
                .Bind(configuration.GetSection(PostgresItemStoreOptions.SectionName))
                .ValidateOnStart();
            services.AddSingleton<IValidateOptions<PostgresItemStoreOptions>, PostgresItemStoreOptionsValidator>();
            services.TryAddSingleton(_ => InventoryDatabase.Create(deployment.RequireConnectionString()));
            services.TryAddSingleton(provider => new PostgresItemStore(
                provider.GetRequiredService<NpgsqlDataSource>(),
                serializer(provider),
                provider.GetRequiredService<IOptions<PostgresItemStoreOptions>>().Value,
                provider.GetRequiredService<GroupCommitMetrics>()));
            services.TryAddSingleton<IItemStore>(provider => provider.GetRequiredService<PostgresItemStore>());
        }

        services.AddGrainStorage(StorageNames.Items, (provider, _) => new InventoryItemGrainStorage(provider.GetRequiredService<IItemStore>()));
    }

    private static ItemStoreProvider ReadProvider(IConfiguration configuration)
    {
        var text = configuration[ProviderKey];
        if (string.IsNullOrWhiteSpace(text))
        {
            return ItemStoreProvider.ItemStore;
        }

        return Enum.TryParse<ItemStoreProvider>(text, ignoreCase: true, out var provider)
            ? provider
            : throw new InvalidOperationException($"'{ProviderKey}' is '{text}'; expected one of: {string.Join(", ", Enum.GetNames<ItemStoreProvider>())}.");
    }
}
