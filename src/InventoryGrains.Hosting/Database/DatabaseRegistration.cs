using InventoryGrains.Hosting.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace InventoryGrains.Hosting.Database;

public static class DatabaseRegistration
{
    /// <summary>
    /// Binds the connection budget (<c>Inventory:Database</c>, validated at start like every option)
    /// and returns it as configured, for the registrations that must size their pools now.
    /// </summary>
    public static DatabaseConnectionOptions AddDatabaseConnections(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(DatabaseConnectionOptions.SectionName);
        if (!services.Any(service => service.ServiceType == typeof(DatabaseConnectionsMarker)))
        {
            services.AddSingleton<DatabaseConnectionsMarker>();
            services.AddValidatedOptions<DatabaseConnectionOptions, DatabaseConnectionOptionsValidator>(section);
        }

        return section.Get<DatabaseConnectionOptions>() ?? new DatabaseConnectionOptions();
    }

    /// <summary>The readiness check's pool of one connection, and the start-up check of the budget against the server.</summary>
    public static IServiceCollection AddDatabaseChecks(this IServiceCollection services, InventoryDeployment deployment, DatabaseConnectionOptions connections)
    {
        ArgumentNullException.ThrowIfNull(connections);
        services.AddSingleton(new ConnectionPool(HealthCheckPool, DatabaseConnectionOptions.HealthCheckConnections));
        services.TryAddKeyedSingleton(HealthCheckPool, (_, _) =>
            NpgsqlDataSource.Create(InventoryDatabase.Bounded(deployment.RequireConnectionString(), DatabaseConnectionOptions.HealthCheckConnections, connections.ConnectionWait)));
        services.AddHostedService<ConnectionBudgetStartupCheck>();
        return services;
    }

    public const string HealthCheckPool = "health";

    /// <summary>Registered once with the options, so a second call binds nothing twice.</summary>
    private sealed class DatabaseConnectionsMarker;
}
