using InventoryGrains.Hosting.Database;
using InventoryGrains.Testing;

namespace InventoryGrains.Silo.Tests;

public sealed class DatabaseSchemaTests
{
    // Every query key the Orleans 10.4 ADO.NET clustering, persistence and reminder providers load.
    private static readonly string[] ProviderQueryKeys =
    [
        "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey",
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey",
        "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey",
        "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key",
        "ReadRangeRows2Key", "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    [Fact]
    public async Task Applying_the_schema_twice_is_harmless_and_registers_every_provider_query()
    {
        await using var database = await TestDatabase.CreateAsync(applySchema: false);

        await DatabaseSchema.ApplyAsync(database.ConnectionString);
        await database.ScalarAsync<int>("INSERT INTO orleans_membership_version (deployment_id) VALUES ('kept')");
        await DatabaseSchema.ApplyAsync(database.ConnectionString);

        var keys = await database.QueryAsync("SELECT QueryKey FROM OrleansQuery", r => r.GetString(0));
        Assert.Equal(ProviderQueryKeys.Order(), keys.Order());
        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM orleans_membership_version WHERE deployment_id = 'kept'"));
    }

    [Fact]
    public async Task Concurrent_setups_of_one_database_both_succeed()
    {
        await using var database = await TestDatabase.CreateAsync(applySchema: false);

        await Task.WhenAll(
            DatabaseSchema.ApplyAsync(database.ConnectionString),
            DatabaseSchema.ApplyAsync(database.ConnectionString),
            DatabaseSchema.ApplyAsync(database.ConnectionString));

        Assert.Equal(ProviderQueryKeys.Length, (int)await database.ScalarAsync<long>("SELECT count(*) FROM OrleansQuery"));
    }

    [Fact]
    public void The_scripts_of_the_sql_folder_are_the_ones_applied()
    {
        var files = Directory.GetFiles(RepositoryLayout.PathOf("sql"), "*.sql").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(files, DatabaseSchema.ScriptNames);
    }
}
