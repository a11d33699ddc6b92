using InventoryGrains.Hosting.Configuration;
using InventoryGrains.Hosting.Database;
using InventoryGrains.Hosting.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace InventoryGrains.Hosting;

public static class ClientHostingExtensions
{
    /// <summary>
    /// Makes this process a pure grain client: it finds gateways in the PostgreSQL membership
    /// table, or at the localhost gateway port when no connection string is configured.
    /// </summary>
    public static InventoryDeployment AddInventoryClient(this IHostApplicationBuilder builder)
    {
        var deployment = InventoryDeployment.From(builder.Configuration);
        var settings = builder.BindClusterOptions();
        var connections = deployment.Storage == StorageMode.PostgreSql ? builder.Services.AddDatabaseConnections(builder.Configuration) : null;

        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = settings.ClusterId;
                options.ServiceId = settings.ServiceId;
            });
            client.Configure<GatewayOptions>(options => options.GatewayListRefreshPeriod = settings.GatewayListRefreshPeriod);

            if (connections is not null)
            {
                // A client reads only the membership table, now and then, for the live gateways.
                var connectionString = InventoryDatabase.Bounded(
                    deployment.RequireConnectionString(), DatabaseConnectionOptions.ClientMembershipConnections, connections.ConnectionWait);
                client.UseAdoNetClustering(options =>
                {
                    options.Invariant = InventoryDeployment.AdoNetInvariant;
                    options.ConnectionString = connectionString;
                });
            }
            else
            {
                client.UseLocalhostClustering(settings.GatewayPort, settings.ServiceId, settings.ClusterId);
            }

            // Without a bound, start-up would wait forever for a gateway that never comes.
            client.UseConnectionRetryFilter(new BoundedConnectionRetryFilter(settings.ClientConnectTimeout));
            client.AddInventoryDiagnostics(builder.Configuration);
        });

        // After the client's own start (registered by UseOrleansClient above): the cluster reached must be ours.
        builder.Services.AddHostedService<ClusterIdentityCheck>();
        builder.Services.AddSingleton(deployment);
        if (connections is not null)
        {
            builder.Services.AddSingleton(new ConnectionPool("orleans-membership", DatabaseConnectionOptions.ClientMembershipConnections));
            builder.Services.AddDatabaseChecks(deployment, connections);
        }

        return deployment;
    }
}
