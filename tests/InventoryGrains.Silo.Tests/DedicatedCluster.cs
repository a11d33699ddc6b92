using InventoryGrains.LoadTest;
using InventoryGrains.LoadTest.Reporting;
using InventoryGrains.Testing;
using Spectre.Console.Testing;
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

/// <summary>Tests that run the load tool against silo processes on a PostgreSQL server of their own, while they break one or the other.</summary>
public abstract class DedicatedClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private DedicatedCluster? _dedicated;

    protected ITestOutputHelper Output { get; } = output;

    private protected PostgresCluster Cluster => _dedicated!.Cluster;

    private protected DedicatedPostgres Postgres => _dedicated!.Postgres;

    public async Task InitializeAsync() => _dedicated = await DedicatedCluster.StartAsync(Output);

    public async Task DisposeAsync()
    {
        if (_dedicated is not null)
        {
            await _dedicated.DisposeAsync();
        }
    }

    /// <summary>Runs the load through a grain client of the cluster with <paramref name="fault"/> on its timeline, and writes its report to the test's output.</summary>
    protected async Task<ScenarioResult> RunLoadAsync(LoadTestOptions options, Func<Task> fault)
    {
        ArgumentNullException.ThrowIfNull(options);
        var console = new TestConsole();
        var report = await LoadTestRunner.RunAsync(options with
        {
            Target = TargetKind.Cluster,
            ConnectionString = Cluster.Database.ConnectionString,
            ClusterId = Cluster.ClusterId,
            Warmup = TimeSpan.Zero,
            Live = false,
        }, console, disturbance: fault);
        Output.WriteLine(console.Output);
        return report.Results;
    }
}
