using InventoryGrains.Domain.Items;
using InventoryGrains.Abstractions.Inventory.Queries;
using InventoryGrains.Hosting.Database;
using InventoryGrains.Storage.GroupCommit;
using InventoryGrains.Storage.Items;
using InventoryGrains.Storage.PostgreSql;
using InventoryGrains.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Serialization;
using Orleans.Storage;

namespace InventoryGrains.Storage.Tests;

/// <summary>One database for the PostgreSQL query tests; each test uses tenants of its own.</summary>
public sealed class ItemQueryDatabase : IAsyncLifetime, IDisposable
{
    private readonly GroupCommitMetrics _metrics = new();

    public TestDatabase Database { get; private set; } = null!;

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public NpgsqlDataSource QueryDataSource { get; private set; } = null!;

    public PostgresItemStore Store { get; private set; } = null!;

    public PostgresItemQueryStore Queries { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        DataSource = InventoryDatabase.Create(Database.ConnectionString, 8, TimeSpan.FromSeconds(15));
        QueryDataSource = InventoryDatabase.CreateForQueries(Database.ConnectionString, 4, TimeSpan.FromSeconds(15));
        var serializer = Serializer();
        Store = new PostgresItemStore(DataSource, serializer, new PostgresItemStoreOptions(), _metrics);
        Queries = new PostgresItemQueryStore(QueryDataSource, serializer, TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        await DataSource.DisposeAsync();
        await QueryDataSource.DisposeAsync();
        await Database.DisposeAsync();
    }

    public void Dispose() => _metrics.Dispose();

    private static OrleansGrainStorageSerializer Serializer()
    {
        var services = new ServiceCollection().AddSerializer(builder => builder.AddAssembly(typeof(InventoryItemState).Assembly)).BuildServiceProvider();
        return new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>());
    }
}

/// <summary>The query contract on a real PostgreSQL, and the plans that keep a page O(page).</summary>
public sealed class PostgresItemQueryStoreTests(ItemQueryDatabase database) : ItemQueryStoreContract, IClassFixture<ItemQueryDatabase>
{
    protected override IItemStore Store => database.Store;

    protected override IItemQueryStore Queries => database.Queries;

    [Fact]
    public async Task A_page_in_the_default_order_or_of_a_location_reads_an_index_in_order_without_sorting()
    {
        // Enough rows, in this tenant and around it, that reading them all would not be the cheapest plan.
        var filler = $"filler-{Guid.NewGuid():N}";
        await SeedAsync(filler, count: 3000, seed: 3);
        await SeedAsync(Tenant, count: 3000, seed: 4);
        await database.Database.ScalarAsync<int>("ANALYZE inventory_items");
        var first = await Queries.QueryAsync(Tenant, new ItemQuery(null, [], 50));
        var atLocation = ItemFilter.Condition(ItemField.LocationId, FilterOperator.Eq, ItemValue.Of("loc-1"));

        var plans = new Dictionary<string, string>
        {
            ["first page"] = await ExplainAsync(new ItemQuery(null, [], 50)),
            ["deep page"] = await ExplainAsync(new ItemQuery(null, [], 50, first.Next)),
            ["creation order"] = await ExplainAsync(new ItemQuery(null, [new ItemSort(ItemField.CreatedDate, SortDirection.Ascending)], 50, first.Next)),
            ["location"] = await ExplainAsync(new ItemQuery(atLocation, [], 50, first.Next)),
        };

        foreach (var (name, plan) in plans)
        {
            Assert.True(plan.Contains("Index Scan", StringComparison.Ordinal) && !plan.Contains("Sort", StringComparison.Ordinal) && !plan.Contains("Seq Scan", StringComparison.Ordinal),
                $"{name}:\n{plan}");
        }

        Assert.Contains("inventory_items_location_created_c", plans["location"], StringComparison.Ordinal);
        Assert.Contains("inventory_items_created_c", plans["deep page"], StringComparison.Ordinal);

        // The deep page starts at the position (an index range), it does not read and drop the rows before it.
        Assert.Contains("Index Cond", plans["deep page"], StringComparison.Ordinal);
        Assert.DoesNotContain("Rows Removed by Filter", plans["deep page"], StringComparison.Ordinal);

        // Update time is left unindexed on purpose (an index on it would end HOT stock updates): its pages sort.
        var byUpdate = await ExplainAsync(new ItemQuery(null, [new ItemSort(ItemField.UpdatedDate, SortDirection.Descending)], 50));
        Assert.Contains("Sort", byUpdate, StringComparison.Ordinal);
    }

    private async Task<string> ExplainAsync(ItemQuery query)
    {
        var (sql, parameters) = PostgresItemQueryStore.PageStatement(Tenant, query);
        await using var connection = new NpgsqlConnection(database.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("EXPLAIN (ANALYZE, COSTS OFF) " + sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter.Clone());
        }

        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join('\n', lines);
    }
}
