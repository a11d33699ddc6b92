using InventoryGrains.Abstractions;
using InventoryGrains.Abstractions.Idempotency;
using InventoryGrains.Hosting.Configuration;
using InventoryGrains.Hosting.Database;
using InventoryGrains.Storage.GroupCommit;
using InventoryGrains.Storage.Items;
using InventoryGrains.Storage.Memory;
using InventoryGrains.Storage.PostgreSql;
using InventoryGrains.Storage.Reservations;
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

public static class ItemStoreRegistration
{
    public const string ProviderKey = PostgresItemStoreOptions.SectionName + ":Provider";

    /// <summary>
    /// The grain storage of inventory items: the in-memory item store without a database, the
    /// PostgreSQL item store with one (or, by configuration, Orleans' ADO.NET storage).
    /// </summary>
    /// <param name="orleansConnectionString">The connection string of Orleans' own pool (bounded), for the ADO.NET storage.</param>
    internal static void AddItemStore(this ISiloBuilder silo, IConfiguration configuration, InventoryDeployment deployment, string? orleansConnectionString, Func<IServiceProvider, IGrainStorageSerializer> serializer)
    {
        if (deployment.Storage == StorageMode.InMemory)
        {
            silo.AddMemoryItemStore();
        }
        else if (ReadProvider(configuration) == ItemStoreProvider.AdoNet)
        {
            silo.AddAdoNetGrainStorage(StorageNames.Items, options =>
            {
                options.Invariant = InventoryDeployment.AdoNetInvariant;
                options.ConnectionString = orleansConnectionString ?? deployment.RequireConnectionString();
            });
            silo.TranslateAdoNetStorageFailures(StorageNames.Items);
            silo.Services.AddOptions<AdoNetGrainStorageOptions>(StorageNames.Items)
                .Configure<IServiceProvider>((options, provider) => options.GrainStorageSerializer = serializer(provider));

            // One blob per grain cannot be queried: queries say so instead of finding nothing.
            silo.Services.TryAddSingleton<IItemQueryStore, UnsupportedItemQueryStore>();
        }
        else
        {
            silo.AddPostgresItemStore(deployment.RequireConnectionString(), configuration, serializer);
        }
    }

    /// <summary>Inventory items in this process's memory (one store per service provider).</summary>
    public static ISiloBuilder AddMemoryItemStore(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.TryAddSingleton<MemoryItemStore>();
        silo.Services.TryAddSingleton<IItemStore>(provider => provider.GetRequiredService<MemoryItemStore>());
        silo.Services.TryAddSingleton<IItemChangeReader>(provider => provider.GetRequiredService<MemoryItemStore>());
        silo.Services.TryAddSingleton<IReservationStore>(provider => provider.GetRequiredService<MemoryItemStore>());
        silo.Services.TryAddSingleton<IItemQueryStore>(provider => new MemoryItemQueryStore(provider.GetRequiredService<MemoryItemStore>()));
        return silo.AddItemGrainStorage();
    }

    /// <summary>
    /// Inventory items in PostgreSQL, written by group commit, over two pools of their own (the
    /// store's, the queries'), sized by <see cref="DatabaseConnectionOptions"/>; options from
    /// <paramref name="configuration"/> when given.
    /// </summary>
    public static ISiloBuilder AddPostgresItemStore(
        this ISiloBuilder silo, string connectionString, IConfiguration? configuration = null, Func<IServiceProvider, IGrainStorageSerializer>? serializer = null)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var services = silo.Services;
        configuration ??= new ConfigurationBuilder().Build();
        var connections = services.AddDatabaseConnections(configuration);
        services.AddValidatedOptions<PostgresItemStoreOptions, PostgresItemStoreOptionsValidator>(configuration.GetSection(PostgresItemStoreOptions.SectionName));
        services.TryAddSingleton<GroupCommitMetrics>();
        services.AddSingleton(new ConnectionPool(InventoryDatabase.ItemStorePool, connections.ItemStoreConnections));
        services.AddSingleton(new ConnectionPool(InventoryDatabase.QueryPool, connections.QueryConnections));
        services.TryAddKeyedSingleton(InventoryDatabase.ItemStorePool, (_, _) =>
            InventoryDatabase.Create(connectionString, connections.ItemStoreConnections, connections.ConnectionWait));
        services.TryAddSingleton(provider => new PostgresItemStore(
            provider.GetRequiredKeyedService<NpgsqlDataSource>(InventoryDatabase.ItemStorePool),
            Serializer(provider),
            provider.GetRequiredService<IOptions<PostgresItemStoreOptions>>().Value,
            provider.GetRequiredService<GroupCommitMetrics>()));
        services.TryAddSingleton<IItemStore>(provider => provider.GetRequiredService<PostgresItemStore>());
        services.TryAddSingleton<IItemChangeReader>(provider => provider.GetRequiredService<PostgresItemStore>());
        services.TryAddSingleton<IReservationStore>(provider => provider.GetRequiredService<PostgresItemStore>());
        services.TryAddKeyedSingleton(InventoryDatabase.QueryPool, (_, _) =>
            InventoryDatabase.CreateForQueries(connectionString, connections.QueryConnections, connections.ConnectionWait));
        services.TryAddSingleton<IItemQueryStore>(provider => new PostgresItemQueryStore(
            provider.GetRequiredKeyedService<NpgsqlDataSource>(InventoryDatabase.QueryPool),
            Serializer(provider),
            provider.GetRequiredService<IOptions<PostgresItemStoreOptions>>().Value.CommandTimeout));
        return silo.AddItemGrainStorage();

        IGrainStorageSerializer Serializer(IServiceProvider provider) =>
            serializer?.Invoke(provider) ?? ActivatorUtilities.CreateInstance<OrleansGrainStorageSerializer>(provider);
    }

    private static ISiloBuilder AddItemGrainStorage(this ISiloBuilder silo)
    {
        silo.Services.AddGrainStorage(StorageNames.Items, (provider, _) => new InventoryItemGrainStorage(
            provider.GetRequiredService<IItemStore>(),
            provider.GetRequiredService<IOptions<IdempotencyOptions>>().Value.MaxOperationsPerItem));
        return silo;
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
