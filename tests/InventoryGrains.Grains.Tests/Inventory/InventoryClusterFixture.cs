using InventoryGrains.Abstractions;
using InventoryGrains.Grains.SellingPlans;
using InventoryGrains.Storage.Items;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace InventoryGrains.Grains.Tests.Inventory;

/// <summary>A two-silo test cluster whose grain storage (item store included) can be made to fail.</summary>
public class InventoryClusterFixture : IAsyncLifetime
{
    public InventoryClusterFixture()
    {
        Items = new FaultyItemStore(Storage);
    }

    public FaultyGrainStorage Storage { get; } = new();

    /// <summary>The item store of both silos; it fails by the switches of <see cref="Storage"/>.</summary>
    public FaultyItemStore Items { get; }

    /// <summary>Calls each grain has taken in so far (counted once the grain method has been entered).</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<GrainId, int> CallsTakenIn { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>Drops every idle activation of every silo: the next call to a grain reads it back from its store.</summary>
    public async Task DeactivateIdleAsync()
    {
        var management = Cluster.Client.GetGrain<IManagementGrain>(0);
        foreach (var silo in Cluster.Silos)
        {
            await management.ForceActivationCollection([silo.SiloAddress], TimeSpan.Zero);
        }
    }

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Inventory, Storage);
            silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Items, new InventoryItemGrainStorage(Items, recentChanges: 1000));
            silo.Services.AddSingleton<IItemStore>(Items);
            silo.Services.AddSingleton<InventoryGrains.Storage.Reservations.IReservationStore>(Items);
            silo.Services.AddSingleton<IItemChangeReader>(Items.Inner);
            silo.UseInMemoryReminderService();
            silo.AddIncomingGrainCallFilter(async context =>
            {
                var call = context.Invoke();
                CallsTakenIn.AddOrUpdate(context.TargetId, 1, (_, count) => count + 1);
                await call;
            });

            // Failed batches are retried quickly, and given up after a few attempts.
            silo.Services.Configure<InventoryPolicyJobOptions>(options =>
            {
                options.RetryDelay = TimeSpan.FromMilliseconds(20);
                options.MaxBatchAttempts = 3;
            });
            silo.Services.Configure<InventoryGrains.Grains.Inventory.Jobs.ItemFilterJobOptions>(options => options.RetryDelay = TimeSpan.FromMilliseconds(20));
            ConfigureServices(silo.Services);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>Further silo services of a fixture built on this one.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }
}
