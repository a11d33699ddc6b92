using InventoryGrains.Hosting.Configuration;
using InventoryGrains.Hosting.Database;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Npgsql;

namespace InventoryGrains.Api.Edge.Cursors;

public static class CursorRegistration
{
    /// <summary>
    /// Data Protection for the service's cursors: its key ring in PostgreSQL where there is one (every
    /// API process of a cluster shares it), in memory in the embedded mode (whose data does not
    /// outlive the process either).
    /// </summary>
    public static IServiceCollection AddCursorSealing(this IServiceCollection services, InventoryDeployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var protection = services.AddDataProtection().SetApplicationName("InventoryGrains");
        if (deployment.Storage == StorageMode.PostgreSql)
        {
            services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((options, provider) =>
                options.XmlRepository = new PostgresKeyRepository(provider.GetRequiredKeyedService<NpgsqlDataSource>(InventoryDatabase.IdempotencyPool)));
        }
        else
        {
            protection.UseEphemeralDataProtectionProvider();
        }

        services.AddSingleton<CursorSeal>();
        return services;
    }
}
