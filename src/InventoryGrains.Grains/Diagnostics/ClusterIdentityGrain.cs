using InventoryGrains.Abstractions.Diagnostics;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Configuration;

namespace InventoryGrains.Grains.Diagnostics;

/// <summary>Answers from whichever silo the caller reached: no state, so a worker on every silo.</summary>
[StatelessWorker]
public sealed class ClusterIdentityGrain(IOptions<ClusterOptions> cluster) : Grain, IClusterIdentityGrain
{
    public Task<ClusterIdentity> GetAsync() => Task.FromResult(new ClusterIdentity(cluster.Value.ServiceId, cluster.Value.ClusterId));
}
