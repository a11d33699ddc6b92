using InventoryGrains.Api.Authentication;
using InventoryGrains.Hosting.Configuration;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace InventoryGrains.Api.Hosting;

/// <summary>
/// Says once the server listens what this process is: its role, where state is kept, the URLs,
/// and (in the embedded mode) that nothing is persisted and which development key is active.
/// </summary>
public sealed partial class ApiStartupReport(
    IHostApplicationLifetime lifetime,
    IServer server,
    InventoryDeployment deployment,
    IOptions<InventoryClusterOptions> cluster,
    ApiKeyStore keys,
    ILogger<ApiStartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Report);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Report()
    {
        var urls = string.Join(", ", server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []);
        var mode = deployment.IsEmbedded ? "embedded (silo + API in one process)"
            : deployment.Role == HostRole.Combined ? "silo + API" : "API as grain client";
        LogStarted(logger, mode, deployment.Storage, urls);
        var settings = cluster.Value;
        if (deployment.Role == HostRole.Combined)
        {
            LogSilo(logger, settings.ClusterId, settings.SiloPort, settings.GatewayPort);
        }
        else
        {
            LogClient(logger, settings.ClusterId, settings.ServiceId);
        }

        if (deployment.Storage == StorageMode.InMemory)
        {
            LogNotPersisted(logger);
        }

        if (keys.UsesDevelopmentKey)
        {
            LogDevelopmentKey(logger, ApiKeyStore.DevelopmentKey, ApiKeyStore.DevelopmentTenant);
        }
        else
        {
            LogKeys(logger, keys.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "InventoryGrains API started: mode {Mode}, storage {Storage}, listening on {Urls}")]
    private static partial void LogStarted(ILogger logger, string mode, StorageMode storage, string urls);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo of cluster {ClusterId}: silo port {SiloPort}, gateway port {GatewayPort}")]
    private static partial void LogSilo(ILogger logger, string clusterId, int siloPort, int gatewayPort);

    [LoggerMessage(Level = LogLevel.Information, Message = "Grain client of cluster {ClusterId}, service {ServiceId}")]
    private static partial void LogClient(ILogger logger, string clusterId, string serviceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "In-memory storage: data is not persisted and is lost when the process stops")]
    private static partial void LogNotPersisted(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No API key configured: the development key '{Key}' is active for tenant '{Tenant}' (embedded mode only)")]
    private static partial void LogDevelopmentKey(ILogger logger, string key, string tenant);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} API key(s) configured")]
    private static partial void LogKeys(ILogger logger, int count);
}
