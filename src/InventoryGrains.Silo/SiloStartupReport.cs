using InventoryGrains.Hosting.Configuration;
using Microsoft.Extensions.Options;

/// <summary>States at start-up what this silo is and where its state goes.</summary>
internal sealed partial class SiloStartupReport(
    InventoryDeployment deployment,
    IOptions<InventoryClusterOptions> cluster,
    ILogger<SiloStartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = cluster.Value;
        LogStarted(logger, deployment.Storage, settings.ClusterId, settings.AdvertisedAddress, settings.SiloPort, settings.GatewayPort);
        if (deployment.Storage == StorageMode.InMemory)
        {
            LogNotPersisted(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo started: storage {Storage}, cluster {ClusterId}, silo {Address}:{SiloPort}, gateway port {GatewayPort}")]
    private static partial void LogStarted(ILogger logger, StorageMode storage, string clusterId, string address, int siloPort, int gatewayPort);

    [LoggerMessage(Level = LogLevel.Warning, Message = "In-memory storage: data is not persisted and is lost when the process stops")]
    private static partial void LogNotPersisted(ILogger logger);
}
