namespace InventoryGrains.LoadTest.Checking;

/// <summary>A call acknowledged to its caller: what it did, when it was sent and when its answer came (any monotonic clock).</summary>
public sealed record AcknowledgedCall(string Key, long InvokedAt, long CompletedAt);

/// <summary>
/// Checks that the changes an item stored follow the real-time order of the calls that made them,
/// which is what makes a history linearizable: every acknowledged call is in the item's history
/// exactly once, nothing else is (no refused or unknown call took effect), and a call answered
/// before another was sent comes first.
/// </summary>
public static class RealTimeOrderChecker
{
    /// <param name="acknowledged">The calls acknowledged as applied that concern the item.</param>
    /// <param name="stored">The item's stored changes, each by the key of the call that made it and its revision.</param>
    public static IReadOnlyList<string> Check(string itemId, IReadOnlyCollection<AcknowledgedCall> acknowledged, IReadOnlyCollection<(string Key, long Revision)> stored)
    {
        ArgumentNullException.ThrowIfNull(acknowledged);
        ArgumentNullException.ThrowIfNull(stored);
        var problems = new List<string>();
        var revisions = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, revision) in stored)
        {
            if (!revisions.TryAdd(key, revision))
            {
                problems.Add($"{itemId}: {key} is stored twice (revisions {revisions[key]} and {revision})");
            }
        }

        var calls = acknowledged.ToDictionary(call => call.Key, StringComparer.Ordinal);
        problems.AddRange(calls.Keys.Where(key => !revisions.ContainsKey(key)).Select(key => $"{itemId}: {key} was acknowledged but is not stored"));
        problems.AddRange(revisions.Keys.Where(key => !calls.ContainsKey(key)).Select(key => $"{itemId}: {key} is stored but was not acknowledged"));

        // Sorted by completion, each call must come after every call that completed before it was sent.
        var ordered = acknowledged.Where(call => revisions.ContainsKey(call.Key)).OrderBy(call => call.CompletedAt).ToList();
        var byInvocation = ordered.OrderBy(call => call.InvokedAt).ToList();
        var latest = (Revision: long.MinValue, Key: "");
        var next = 0;
        foreach (var call in byInvocation)
        {
            // Every call completed before this one was sent.
            while (next < ordered.Count && ordered[next].CompletedAt < call.InvokedAt)
            {
                var revision = revisions[ordered[next].Key];
                if (revision > latest.Revision)
                {
                    latest = (revision, ordered[next].Key);
                }

                next++;
            }

            if (revisions[call.Key] < latest.Revision)
            {
                problems.Add($"{itemId}: {call.Key} (revision {revisions[call.Key]}) was sent after {latest.Key} (revision {latest.Revision}) was answered, yet is stored before it");
            }
        }

        return problems;
    }
}
