using System.Diagnostics;
using System.Diagnostics.Metrics;
using InventoryGrains.Abstractions.Diagnostics;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Grains.Inventory;

/// <summary>
/// The item grains' instruments and spans: changes stored, commands the rules refused, and one span
/// per batch of commands an item applies and stores together.
/// </summary>
public static class ItemTelemetry
{
    public const string Name = "InventoryGrains.Items";

    private static readonly ActivitySource Source = new(Name);
    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> ChangesApplied = Meter.CreateCounter<long>(
        "inventory.item.changes.applied", "{change}", "Changes stored and acknowledged (one per ledger entry), by dialect and reason.");

    private static readonly Counter<long> RuleRejections = Meter.CreateCounter<long>(
        "inventory.item.rule.rejections", "{command}", "Commands an item's rules refused, by error code and dialect.");

    /// <summary>
    /// The span of one batch of an item's commands. Commands of several requests may share a batch:
    /// the batch is a child of the first command's caller (the call that found the item idle) and
    /// links to the callers of the others, so each request's trace leads to the write that stored it.
    /// </summary>
    /// <param name="callerOf">The span context of a command's caller, as captured when it was queued.</param>
    internal static Activity? StartBatch<T>(string grainKey, IReadOnlyList<T> batch, Func<T, ActivityContext> callerOf)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var parent = batch.Count > 0 ? callerOf(batch[0]) : default;
        List<ActivityLink>? links = null;
        for (var i = 1; i < batch.Count; i++)
        {
            var caller = callerOf(batch[i]);
            if (caller != default && caller != parent)
            {
                (links ??= []).Add(new ActivityLink(caller));
            }
        }

        if (parent == default)
        {
            // No caller's span to continue: a root, not a child of whatever is current (in the drain
            // loop, the span of the call that started it, which may be long finished).
            Activity.Current = null;
        }

        var activity = Source.StartActivity("inventory.item.apply", ActivityKind.Internal, parent, links: links);
        if (activity is { IsAllDataRequested: true })
        {
            var (tenant, itemId) = InventoryItemKey.Parse(grainKey);
            activity.SetTag(TelemetryTags.Tenant, tenant);
            activity.SetTag(TelemetryTags.ItemId, itemId);
            activity.SetTag("inventory.item.batch.size", batch.Count);
        }

        return activity;
    }

    /// <summary>Counts what the callers of one batch were answered: the changes stored, or the rules' refusals.</summary>
    /// <param name="stored">Whether the batch's write succeeded; when it failed every command was answered UNAVAILABLE and nothing is counted.</param>
    /// <param name="storedChanges">The ledger entries the batch's write stored.</param>
    /// <param name="results">Each command's outcome, in batch order.</param>
    internal static void Answered<T>(
        Activity? activity, IReadOnlyList<T> batch, Func<T, ChangeContext> contextOf, IReadOnlyList<ChangeLogEntry> storedChanges, IReadOnlyList<ItemOutcome> results, bool stored)
    {
        if (!stored)
        {
            activity?.SetStatus(ActivityStatusCode.Error, "the batch could not be stored");
            return;
        }

        foreach (var change in storedChanges)
        {
            ChangesApplied.Add(1, new(TelemetryTags.Dialect, change.Dialect), new(TelemetryTags.ChangeReason, change.Reason.Code()));
        }

        var rejected = 0;
        for (var i = 0; i < results.Count; i++)
        {
            if (results[i] is ItemRejected { Error: var error })
            {
                rejected++;
                RuleRejections.Add(1, new(TelemetryTags.ErrorCode, error.Code.ContractName()), new(TelemetryTags.Dialect, contextOf(batch[i]).Dialect));
            }
        }

        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("inventory.item.changes", storedChanges.Count);
            activity.SetTag("inventory.item.rejections", rejected);
        }
    }
}
