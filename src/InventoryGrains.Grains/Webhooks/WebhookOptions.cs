using System.ComponentModel.DataAnnotations;

namespace InventoryGrains.Grains.Webhooks;

/// <summary>How webhooks are checked and delivered (configuration section <c>Inventory:Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Inventory:Webhooks";

    /// <summary>
    /// Whether a webhook may target loopback, private, link-local and other non-public addresses.
    /// Off by default, so that a tenant cannot make the service call into its own network; on by
    /// default in the embedded mode, whose receivers run on the developer's machine.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>The most changes one delivery holds.</summary>
    [Range(1, 1000)]
    public int MaxBatchSize { get; set; } = 1000;

    /// <summary>How often a webhook with nothing to deliver looks for new changes: the longest a change waits for its batch.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a receiver may take to answer before the attempt counts as failed.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait before the first retry of a failed delivery; each further retry waits twice as long, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two attempts.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// While full deliveries follow each other at once, how often the position is stored (it is
    /// always stored when the feed is caught up and after a failure): what a restart may deliver again.
    /// </summary>
    public TimeSpan PositionStoreInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many recent attempts each webhook keeps for its delivery log.</summary>
    [Range(1, 1000)]
    public int DeliveryLogSize { get; set; } = 50;

    /// <summary>How many webhooks one tenant may register.</summary>
    [Range(1, 1000)]
    public int MaxWebhooksPerTenant { get; set; } = 20;

    /// <summary>
    /// The period of each webhook's reminder, the durable trigger that resumes delivery after its
    /// silo stopped. Orleans' minimum reminder period applies.
    /// </summary>
    public TimeSpan ResumeCheckPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The wait before the n-th retry (n ≥ 1): exponential, capped, with "equal jitter" (half fixed, half random).</summary>
    public TimeSpan RetryDelay(int retry, double random)
    {
        var exponent = Math.Min(retry - 1, 30);
        var full = Math.Min(RetryMaxDelay.TotalMilliseconds, RetryBaseDelay.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds(full / 2 + full / 2 * random);
    }
}
