using InventoryGrains.Hosting.Database;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace InventoryGrains.Hosting.Health;

/// <summary>Ready when PostgreSQL answers a trivial query (PostgreSQL mode only), on a pool of one connection of its own.</summary>
public sealed class DatabaseHealthCheck([FromKeyedServices(DatabaseRegistration.HealthCheckPool)] NpgsqlDataSource database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = database.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL did not answer.", exception);
        }
    }
}
