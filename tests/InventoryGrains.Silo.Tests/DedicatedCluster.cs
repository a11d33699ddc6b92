using InventoryGrains.Testing;
using Xunit.Abstractions;

namespace InventoryGrains.Silo.Tests;

/// <summary>A cluster on a PostgreSQL server of its own, which a test may stop and start; both go with it.</summary>
internal sealed class DedicatedCluster : IAsyncDisposable
{
    private DedicatedCluster(DedicatedPostgres postgres, PostgresCluster cluster) => (Postgres, Cluster) = (postgres, cluster);

    public DedicatedPostgres Postgres { get; }

    public PostgresCluster Cluster { get; }

    public static async Task<DedicatedCluster> StartAsync(ITestOutputHelper output)
    {
        var postgres = await DedicatedPostgres.StartAsync();
        try
        {
            return new DedicatedCluster(postgres, PostgresCluster.On(await TestDatabase.CreateOnAsync(postgres.ConnectionString), output));
        }
        catch
        {
            // A failed set-up leaves nothing behind (xunit does not dispose what failed to initialize).
            await postgres.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Postgres.DisposeAsync();
    }
}
