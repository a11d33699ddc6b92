using System.Diagnostics;
using System.Globalization;
using InventoryGrains.Abstractions.Diagnostics;
using InventoryGrains.Storage.Items;

namespace InventoryGrains.Storage;

/// <summary>
/// The item store's spans. A write or read of one item is a span in the trace of the request that
/// caused it (a child of the item grain's work) and lasts until its batch has committed. A batch
/// holds the requests of many items, and so of many traces: it cannot be the child of all of them,
/// so it is a trace of its own that links to every request it holds, and every request's span links
/// back to its batch. A trace viewer then leads from a slow request to the batch it waited for, and
/// from a slow batch to the requests it held.
/// </summary>
public static class StoreActivities
{
    public const string SourceName = "InventoryGrains.Storage";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>A span for one item's write or read; null when nobody listens.</summary>
    public static Activity? StartRequest(string operation, ItemKey key, long? expectedVersion = null)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity($"inventory.store.{operation}", ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(TelemetryTags.Tenant, key.Tenant);
            activity.SetTag(TelemetryTags.ItemId, key.ItemId);
            if (expectedVersion is { } version)
            {
                activity.SetTag("inventory.store.expected_version", version.ToString(CultureInfo.InvariantCulture));
            }
        }

        return activity;
    }

    /// <summary>Marks a request's span failed, with the exception's type (never its message: it may name data).</summary>
    public static void Failed(Activity? activity, Exception exception)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetStatus(ActivityStatusCode.Error);
        activity.SetTag("error.type", exception.GetType().FullName);
    }

    /// <summary>
    /// The span of one batch: the root of a trace of its own (the flusher has no caller), linked to
    /// the span of every request it holds. Null when nobody listens.
    /// </summary>
    internal static Activity? StartBatch(string operation, int size, IEnumerable<Activity?> requests)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var links = requests.OfType<Activity>().Select(request => new ActivityLink(request.Context)).ToList();
        var activity = Source.StartActivity(
            $"inventory.store.batch {operation}", ActivityKind.Internal, parentContext: default, links: links);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(GroupCommit.GroupCommitMetrics.OperationTag, operation);
            activity.SetTag("inventory.store.batch.size", size);
        }

        return activity;
    }

    /// <summary>Links a request's span to the batch that held it, once that batch is known.</summary>
    internal static void LinkToBatch(Activity? request, ActivityContext batch)
    {
        if (request is not null && batch != default)
        {
            request.AddLink(new ActivityLink(batch));
        }
    }
}
