using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;

namespace InventoryGrains.Hosting.Configuration;

/// <summary>
/// How fast silos find a dead or hung peer. Orleans' defaults (probe timeout 5 s, probes stretched
/// to 20 s on a degraded machine, 3 missed) declare a hung silo dead only after about a minute: a
/// silo holds off its vote while it heard from the suspect within the longest probe timeout times
/// the missed probes. Here a probe times out after 1–3 s and three missed probes suspect a peer, so
/// a hung or killed silo is declared dead about 9–12 s after it stopped; a silo that is alive but
/// slow keeps sending messages and is never voted out for it. Every value can still be set under
/// <c>Inventory:Cluster:Membership</c>.
/// </summary>
internal static class FailureDetection
{
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);
    public const int NumMissedProbesLimit = 3;

    /// <summary>The longest a probe may be stretched on a machine under load, as a multiple of <see cref="ProbeTimeout"/>.</summary>
    public const double MaxProbeTimeoutFactor = 1.5;

    public static IServiceCollection AddFailureDetection(this IServiceCollection services, IConfigurationSection membership)
    {
        services.Configure<ClusterMembershipOptions>(options =>
        {
            options.ProbeTimeout = ProbeTimeout;
            options.NumMissedProbesLimit = NumMissedProbesLimit;
        });
        services.Configure<ClusterMembershipOptions>(membership);
        if (membership[nameof(ClusterMembershipOptions.MaxProbeTimeout)] is null)
        {
            // Follows the probe timeout, configured or not, unless set itself.
            services.PostConfigure<ClusterMembershipOptions>(options => options.MaxProbeTimeout = options.ProbeTimeout * MaxProbeTimeoutFactor);
        }

        return services;
    }
}
