using InventoryGrains.Hosting.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace InventoryGrains.Hosting.Database;

/// <summary>
/// At start-up, in the background: warns in one line when the processes this one knows of — the
/// cluster's active silos in the membership table, and this process with the pools it opened —
/// may open more connections than the server accepts. It never stops the process: a server that
/// cannot be asked is simply not checked.
/// </summary>
internal sealed partial class ConnectionBudgetStartupCheck(
    InventoryDeployment deployment,
    IOptions<DatabaseConnectionOptions> connections,
    IOptions<InventoryClusterOptions> cluster,
    IEnumerable<ConnectionPool> pools,
    [FromKeyedServices(DatabaseRegistration.HealthCheckPool)] NpgsqlDataSource database,
    ILogger<ConnectionBudgetStartupCheck> logger) : BackgroundService
{
    private const int SiloStatusActive = 3;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var connection = await database.OpenConnectionAsync(stoppingToken);
            var limits = await ServerConnectionLimits.ReadAsync(connection, stoppingToken);
            await using var command = new NpgsqlCommand(
                "SELECT count(*)::int FROM orleans_membership WHERE deployment_id = @cluster AND status = @active", connection);
            command.Parameters.AddWithValue("cluster", cluster.Value.ClusterId);
            command.Parameters.AddWithValue("active", SiloStatusActive);
            var silos = (int)(await command.ExecuteScalarAsync(stoppingToken))!;

            // This process counts with its own pools; the other silos with a silo's budget.
            var hostsSilo = deployment.Role == HostRole.Combined;
            var others = Math.Max(0, silos - (hostsSilo ? 1 : 0));
            var needed = pools.Sum(pool => pool.MaxConnections) + others * connections.Value.SiloBudget;
            var who = $"This process and the cluster's {others} other active {(others == 1 ? "silo" : "silos")}";
            if (ConnectionBudget.Warning(who, needed, limits) is { } warning)
            {
                LogBudgetExceeded(logger, warning);
            }
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            LogNotChecked(logger, exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Warning}")]
    private static partial void LogBudgetExceeded(ILogger logger, string warning);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The connection budget was not checked against the server: {Reason}")]
    private static partial void LogNotChecked(ILogger logger, string reason);
}
