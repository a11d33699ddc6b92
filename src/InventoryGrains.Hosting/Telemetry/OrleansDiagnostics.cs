using Microsoft.Extensions.Configuration;
using Orleans.Dashboard;

namespace InventoryGrains.Hosting.Telemetry;

/// <summary>
/// What Orleans itself contributes to observing the cluster, the same on silos and clients: trace
/// context carried through grain calls (so a request's trace continues into every grain it reaches),
/// and the Orleans Dashboard's collection.
/// </summary>
public static class OrleansDiagnostics
{
    /// <summary>Where an API serves the dashboard.</summary>
    public const string DashboardPath = "/dashboard";

    /// <summary>Trace propagation and, unless <c>Inventory:Dashboard:Enabled</c> is false, the dashboard's figures.</summary>
    public static ISiloBuilder AddInventoryDiagnostics(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.AddActivityPropagation();
        if (DashboardEnabled(configuration))
        {
            silo.AddDashboard();
        }

        return silo;
    }

    /// <summary>Trace propagation and, unless <c>Inventory:Dashboard:Enabled</c> is false, the dashboard's client side.</summary>
    public static IClientBuilder AddInventoryDiagnostics(this IClientBuilder client, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.AddActivityPropagation();
        if (DashboardEnabled(configuration))
        {
            client.AddDashboard();
        }

        return client;
    }

    public static InventoryDashboardOptions ReadDashboardOptions(this IConfiguration configuration) =>
        configuration.GetSection(InventoryDashboardOptions.SectionName).Get<InventoryDashboardOptions>() ?? new InventoryDashboardOptions();

    private static bool DashboardEnabled(IConfiguration configuration) => configuration.ReadDashboardOptions().Enabled;
}
