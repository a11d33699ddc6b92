namespace InventoryGrains.Abstractions.Diagnostics;

/// <summary>
/// Which cluster and service a silo belongs to. Orleans refuses a gateway of another cluster id
/// but not of another service id: a client asks this before it sends anything else.
/// </summary>
public interface IClusterIdentityGrain : IGrainWithIntegerKey
{
    Task<ClusterIdentity> GetAsync();
}

[GenerateSerializer, Immutable]
public sealed record ClusterIdentity(
    [property: Id(0)] string ServiceId,
    [property: Id(1)] string ClusterId);
