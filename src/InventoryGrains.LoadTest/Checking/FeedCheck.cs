using System.Diagnostics;
using System.Globalization;
using InventoryGrains.LoadTest.Targets;

namespace InventoryGrains.LoadTest.Checking;

/// <summary>
/// Checks the tenant's change feed against the run: walked from where it ended before the run, it
/// must hold each of the run's items' changes exactly once, in revision order, up to the revision
/// the item has now: 1…n with no gap and no repeat.
/// </summary>
public static class FeedCheck
{
    private const int PageSize = 1000;

    /// <summary>How long the walk waits for changes it has not met yet: a change enters the feed once every older transaction has ended.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <returns>Null when the service keeps no ledger (the ADO.NET grain storage).</returns>
    public static async Task<FeedCheckResult?> RunAsync(ILoadTarget target, string? from, IReadOnlyList<string> itemIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var stored = await target.ReadAsync(itemIds);
        var expected = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < itemIds.Count; i++)
        {
            expected[itemIds[i]] = stored[i]?.Revision ?? 0;
        }

        var total = expected.Values.Sum();
        var met = expected.Keys.ToDictionary(id => id, _ => new List<long>(), StringComparer.Ordinal);
        long count = 0;
        long walked = 0;
        var position = from;
        var clock = Stopwatch.StartNew();
        while (count < total && clock.Elapsed < Patience)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await target.ReadFeedAsync(position, PageSize) is not { } page)
            {
                return null;
            }

            walked += page.Changes.Count;
            foreach (var (itemId, revision) in page.Changes)
            {
                if (met.TryGetValue(itemId, out var revisions))
                {
                    revisions.Add(revision);
                    count++;
                }
            }

            position = page.Position;
            if (page.Changes.Count == 0)
            {
                // Nothing readable yet: a transaction older than the missing changes is still running.
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            }
        }

        var problems = new List<string>();
        foreach (var (id, last) in expected)
        {
            var revisions = met[id];
            if (revisions.Count != last || revisions.Where((revision, index) => revision != index + 1).Any())
            {
                var shown = string.Join(',', revisions.Take(12).Select(r => r.ToString(CultureInfo.InvariantCulture)));
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{id}: the feed holds {revisions.Count} changes ({shown}{(revisions.Count > 12 ? ",…" : "")}), the item is at revision {last}"));
            }
        }

        return new FeedCheckResult(total, count, walked, clock.Elapsed, problems);
    }
}

/// <param name="Expected">The run's items' changes: the sum of their revisions.</param>
/// <param name="Met">Those the walk met.</param>
/// <param name="Walked">Every change the walk read, of any item of the tenant.</param>
/// <param name="Problems">Items whose changes in the feed are not exactly 1…n in order; none when the feed agrees.</param>
public sealed record FeedCheckResult(long Expected, long Met, long Walked, TimeSpan Took, IReadOnlyList<string> Problems);
