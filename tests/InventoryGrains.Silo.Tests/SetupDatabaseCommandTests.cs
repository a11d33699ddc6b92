using System.Globalization;
using InventoryGrains.Testing;
using Npgsql;

namespace InventoryGrains.Silo.Tests;

/// <summary>
/// <c>setup-database</c> as an operator runs it: it creates a missing database, and every failure is
/// one line that says what and where, with a non-zero exit code and no stack trace.
/// </summary>
public sealed class SetupDatabaseCommandTests
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_missing_database_is_created_and_the_schema_applied()
    {
        var server = Environment.GetEnvironmentVariable(TestDatabase.ServerVariable)
            ?? throw new InvalidOperationException($"{TestDatabase.ServerVariable} is not set.");
        var name = $"ig_setup_{Guid.NewGuid():N}";
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        try
        {
            var (exit, output, errors) = await SetupDatabaseAsync(connectionString);

            Assert.True(exit == 0, output);
            Assert.Empty(errors);
            Assert.Contains("Database created", output, StringComparison.Ordinal);
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*) FROM OrleansQuery", connection);
            Assert.True((long)(await count.ExecuteScalarAsync())! > 0);

            // A second run finds the database and changes nothing.
            var again = await SetupDatabaseAsync(connectionString);
            Assert.Equal(0, again.Exit);
            Assert.Contains("Database schema applied", again.Output, StringComparison.Ordinal);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task It_says_what_each_process_may_open_and_warns_in_one_line_when_the_deployment_does_not_fit_the_server()
    {
        await using var database = await TestDatabase.CreateAsync(applySchema: false);

        // The defaults: the README's two silos and one API fit a stock server (max_connections 100).
        var (exit, output, errors) = await SetupDatabaseAsync(database.ConnectionString);
        Assert.True(exit == 0, output);
        Assert.Empty(errors);
        Assert.Contains("Connections (Inventory:Database): a silo opens at most 17, an API in the client role 7; 2 silos and 1 API need 41 of the", output, StringComparison.Ordinal);

        // Pools too large for the server: one warning line, and the schema is applied all the same.
        var (bigExit, bigOutput, bigErrors) = await SetupDatabaseAsync(database.ConnectionString, new Dictionary<string, string>
        {
            ["Inventory__Database__OrleansConnections"] = "60",
            ["Inventory__Database__ExpectedSilos"] = "3",
        });
        Assert.True(bigExit == 0, bigOutput);
        var warning = Assert.Single(bigErrors);
        Assert.StartsWith("setup-database: warning: 3 silos and 1 API may open 220 PostgreSQL connections, more than the ", warning, StringComparison.Ordinal);
        Assert.Contains("lower the pools under Inventory:Database or raise max_connections.", warning, StringComparison.Ordinal);

        // A setting out of range is refused before anything is done.
        var (badExit, _, badErrors) = await SetupDatabaseAsync(database.ConnectionString, new Dictionary<string, string> { ["Inventory__Database__ItemStoreConnections"] = "0" });
        Assert.Equal(2, badExit);
        Assert.Contains("ItemStoreConnections", Assert.Single(badErrors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_is_one_line_naming_it_and_exit_code_1()
    {
        var port = FreePort.Next();
        var (exit, output, errors) = await SetupDatabaseAsync(
            $"Host=127.0.0.1;Port={port};Username=inventory;Password=secret;Database=inventory;Timeout=5");

        Assert.Equal(1, exit);
        var line = Assert.Single(errors);
        Assert.StartsWith(string.Create(CultureInfo.InvariantCulture, $"setup-database: cannot connect to PostgreSQL at 127.0.0.1:{port}, database \"inventory\" as user \"inventory\": "), line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_connection_string_is_one_line_saying_which_setting_and_exit_code_2()
    {
        var (exit, _, errors) = await SetupDatabaseAsync(null);

        Assert.Equal(2, exit);
        Assert.Contains("ConnectionStrings__Inventory", Assert.Single(errors), StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output, IReadOnlyList<string> Errors)> SetupDatabaseAsync(
        string? connectionString, IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>(settings ?? new Dictionary<string, string>()) { ["ConnectionStrings__Inventory"] = connectionString ?? "" };
        await using var command = ServiceProcess.Start("setup-database", "InventoryGrains.Silo", environment, "setup-database");
        var exit = await command.WaitForExitAsync(CommandTimeout);
        return (exit, command.Output, command.ErrorLines);
    }
}
