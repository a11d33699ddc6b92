using InventoryGrains.Abstractions.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;

namespace InventoryGrains.Hosting;

/// <summary>
/// Runs once the grain client has connected, before the process serves anything: the cluster it
/// reached must be of this process's service. Orleans itself refuses a gateway of another cluster
/// id, but not one of another service id, whose grains would then take this service's changes.
/// </summary>
internal sealed class ClusterIdentityCheck(IClusterClient client, IOptions<ClusterOptions> expected) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var reached = await client.GetGrain<IClusterIdentityGrain>(0).GetAsync().WaitAsync(cancellationToken);
        var mine = expected.Value;
        if (reached.ServiceId != mine.ServiceId || reached.ClusterId != mine.ClusterId)
        {
            throw new ClusterMismatchException(
                $"the gateway reached belongs to service '{reached.ServiceId}', cluster '{reached.ClusterId}', not service '{mine.ServiceId}', cluster '{mine.ClusterId}': " +
                "check Inventory:Cluster:ServiceId, Inventory:Cluster:ClusterId and Inventory:Cluster:GatewayPort.");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>The client reached a cluster of another service or cluster id; one line says which.</summary>
public sealed class ClusterMismatchException(string message) : Exception(message);
