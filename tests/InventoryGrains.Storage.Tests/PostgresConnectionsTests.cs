using InventoryGrains.Hosting.Database;
using InventoryGrains.Storage.PostgreSql;
using InventoryGrains.Testing;
using Npgsql;

namespace InventoryGrains.Storage.Tests;

/// <summary>
/// A server with no free slot for the caller (53300, here a role's own connection limit, which the
/// server refuses exactly as it refuses past <c>max_connections</c>) is waited out, not failed.
/// </summary>
public sealed class PostgresConnectionsTests : IAsyncLifetime
{
    private readonly string _role = $"ig_limited_{Guid.NewGuid():N}";
    private TestDatabase _database = null!;
    private string _limited = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(applySchema: false);
        await _database.ScalarAsync<object>($"CREATE ROLE {_role} LOGIN CONNECTION LIMIT 1");
        _limited = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Username = _role, Pooling = false }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        await _database.DropRoleAsync(_role);
    }

    [Fact]
    public async Task A_connection_refused_for_want_of_a_slot_opens_once_a_slot_is_free()
    {
        await using var dataSource = NpgsqlDataSource.Create(_limited);
        await using var holder = await dataSource.OpenConnectionAsync();

        var waiting = dataSource.OpenWithinAsync(TimeSpan.FromSeconds(30));

        // Refused while the only slot is taken: the opener keeps trying rather than failing.
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.False(waiting.IsCompleted);

        await holder.CloseAsync();
        await using var opened = await waiting;
        Assert.Equal(System.Data.ConnectionState.Open, opened.State);
    }

    [Fact]
    public async Task Past_the_callers_patience_the_refusal_is_the_servers_own_error()
    {
        await using var dataSource = NpgsqlDataSource.Create(_limited);
        await using var holder = await dataSource.OpenConnectionAsync();

        var refused = await Assert.ThrowsAsync<PostgresException>(() => dataSource.OpenWithinAsync(TimeSpan.FromMilliseconds(200)));
        Assert.True(PostgresConnections.IsConnectionLimit(refused), refused.SqlState);
    }

    [Fact]
    public async Task A_bounded_pool_opens_no_more_than_its_size_and_makes_callers_wait_for_a_free_connection()
    {
        await using var dataSource = InventoryDatabase.Create(_database.ConnectionString, 2, TimeSpan.FromSeconds(30));
        await using var first = await dataSource.OpenConnectionAsync();
        await using var second = await dataSource.OpenConnectionAsync();

        var third = dataSource.OpenConnectionAsync().AsTask();
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.False(third.IsCompleted);

        await first.CloseAsync();
        await using var opened = await third;
        Assert.Equal(System.Data.ConnectionState.Open, opened.State);
    }
}
