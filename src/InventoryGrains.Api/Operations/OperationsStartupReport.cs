using InventoryGrains.Hosting.Configuration;
using InventoryGrains.Hosting.Telemetry;

namespace InventoryGrains.Api.Operations;

/// <summary>
/// Says once at start-up what an operator can reach: whether <c>/metrics</c> is served, and who may
/// open the dashboard; a dashboard that no key opens is a warning, since it looks like a mistake.
/// </summary>
public sealed partial class OperationsStartupReport(
    IHostApplicationLifetime lifetime,
    IConfiguration configuration,
    InventoryDeployment deployment,
    MetricsEndpoint metrics,
    ILogger<OperationsStartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Report);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Report()
    {
        if (metrics.Served)
        {
            LogMetricsServed(logger, TelemetryRegistration.MetricsPath);
        }
        else
        {
            LogMetricsOff(logger, TelemetryRegistration.MetricsPath, MetricsOptions.SectionName);
        }

        var dashboard = configuration.ReadDashboardOptions();
        var tenants = dashboard.Tenants.Where(t => !string.IsNullOrWhiteSpace(t)).ToList();
        if (!dashboard.Enabled)
        {
            LogDashboardOff(logger, InventoryDashboardOptions.SectionName);
        }
        else if (Authentication.ApiKeyAuthenticationExtensions.DevelopmentKeyActive(configuration, deployment))
        {
            LogDashboardOpen(logger, OrleansDiagnostics.DashboardPath);
        }
        else if (tenants.Count == 0)
        {
            LogDashboardClosed(logger, OrleansDiagnostics.DashboardPath, InventoryDashboardOptions.SectionName);
        }
        else
        {
            LogDashboardForTenants(logger, OrleansDiagnostics.DashboardPath, tenants);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Metrics: {Path} serves Prometheus text without a key")]
    private static partial void LogMetricsServed(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Metrics: {Path} is not served ({Section}:Enabled)")]
    private static partial void LogMetricsOff(ILogger logger, string path, string section);

    [LoggerMessage(Level = LogLevel.Information, Message = "Orleans Dashboard: off ({Section}:Enabled)")]
    private static partial void LogDashboardOff(ILogger logger, string section);

    [LoggerMessage(Level = LogLevel.Information, Message = "Orleans Dashboard at {Path}/, without a key (embedded mode on the development key)")]
    private static partial void LogDashboardOpen(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Orleans Dashboard at {Path}/: no key opens it until {Section}:Tenants lists a tenant")]
    private static partial void LogDashboardClosed(ILogger logger, string path, string section);

    [LoggerMessage(Level = LogLevel.Information, Message = "Orleans Dashboard at {Path}/ for the keys of tenants {Tenants}")]
    private static partial void LogDashboardForTenants(ILogger logger, string path, IReadOnlyList<string> tenants);
}
