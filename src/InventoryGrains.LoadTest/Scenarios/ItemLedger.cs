namespace InventoryGrains.LoadTest.Scenarios;

/// <summary>
/// The client's own record of what it saw acknowledged, per item, independent of the service: the
/// run is verified against it. Counters are updated with interlocked operations because in the
/// hot-decrement scenario many workers share an item.
/// </summary>
public sealed class ItemLedger
{
    private readonly long[] _knownRevision;
    private readonly long[] _acknowledged;
    private readonly long[] _uncertain;
    private readonly long[] _decrements;
    private readonly long[] _lastAcknowledgedRevision;
    private readonly long[] _backwards;
    private readonly int[] _unsettled;

    public ItemLedger(IReadOnlyList<string> ids, int initialQuantity)
    {
        Ids = ids;
        InitialQuantity = initialQuantity;
        _knownRevision = new long[ids.Count];
        _acknowledged = new long[ids.Count];
        _uncertain = new long[ids.Count];
        _decrements = new long[ids.Count];
        _lastAcknowledgedRevision = new long[ids.Count];
        _backwards = new long[ids.Count];
        _unsettled = new int[ids.Count];
        Array.Fill(_knownRevision, 1);
    }

    public IReadOnlyList<string> Ids { get; }

    public int InitialQuantity { get; }

    public int Count => Ids.Count;

    public long KnownRevision(int item) => Volatile.Read(ref _knownRevision[item]);

    /// <summary>One acknowledged change; <paramref name="revision"/> is the item's revision after it.</summary>
    public void Acknowledged(int item, long? revision, bool decrement = false)
    {
        Interlocked.Increment(ref _acknowledged[item]);
        if (decrement)
        {
            Interlocked.Increment(ref _decrements[item]);
        }

        if (revision is { } known)
        {
            InterlockedMax(ref _knownRevision[item], known);

            // Each acknowledgement is a new revision: one not above every earlier one went backwards.
            // Only where one worker owns the item are its acknowledgements booked in order; shared
            // (decremented) items may book them out of order.
            if (!decrement)
            {
                if (known <= _lastAcknowledgedRevision[item])
                {
                    _backwards[item]++;
                }

                _lastAcknowledgedRevision[item] = Math.Max(known, _lastAcknowledgedRevision[item]);
            }
        }
    }

    /// <summary>
    /// A failure that may still have been applied (a timeout, an unreachable item). Until the item
    /// is read back (<see cref="Settled"/>), the revision known here may be stale.
    /// </summary>
    public void Uncertain(int item)
    {
        Interlocked.Increment(ref _uncertain[item]);
        Volatile.Write(ref _unsettled[item], 1);
    }

    /// <summary>Whether the item's last change had an unknown outcome that was not read back yet.</summary>
    public bool IsUnsettled(int item) => Volatile.Read(ref _unsettled[item]) == 1;

    /// <summary>The item was read back after an unknown outcome: its revision is known again.</summary>
    public void Settled(int item, long revision)
    {
        InterlockedMax(ref _knownRevision[item], revision);
        Volatile.Write(ref _unsettled[item], 0);
    }

    /// <summary>A revision mismatch tells the current revision: adopt it.</summary>
    public void Observed(int item, long revision) => InterlockedMax(ref _knownRevision[item], revision);

    /// <summary>
    /// Compares what the service holds with what was acknowledged: every item's revision is 1 plus
    /// its acknowledged changes (plus at most its uncertain ones), and with
    /// <paramref name="checkStock"/> its stock is the initial stock minus its acknowledged
    /// decrements and never below zero. With <paramref name="exactlyOnce"/> (the client repeated
    /// unknown outcomes with their idempotency keys) no change may be left unknown: each was
    /// applied exactly once or not at all, and the client knows which.
    /// </summary>
    public Verification Verify(IReadOnlyList<(long Revision, int Quantity)?> stored, bool checkStock, bool exactlyOnce = false)
    {
        var disagreements = new List<string>();
        long acknowledged = 0;
        for (var item = 0; item < Count; item++)
        {
            acknowledged += _acknowledged[item];
            if (stored[item] is not { } actual)
            {
                disagreements.Add($"{Ids[item]}: missing");
                continue;
            }

            if (exactlyOnce && _uncertain[item] > 0)
            {
                disagreements.Add($"{Ids[item]}: {_uncertain[item]} changes still of unknown outcome after repeating them for {Targets.RetryUntilDefinite.Patience.TotalMinutes:0} minutes");
            }

            var low = 1 + _acknowledged[item];
            var high = low + _uncertain[item];
            if (_backwards[item] > 0)
            {
                disagreements.Add($"{Ids[item]}: an acknowledged revision was not above the ones before it ({_backwards[item]} times)");
            }

            if (actual.Revision < low || actual.Revision > high)
            {
                disagreements.Add($"{Ids[item]}: revision {actual.Revision}, expected {(low == high ? low.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{low}..{high}")}");
            }

            if (checkStock)
            {
                var expected = InitialQuantity - _decrements[item];
                if (actual.Quantity < 0 || (_uncertain[item] == 0 && actual.Quantity != expected))
                {
                    disagreements.Add($"{Ids[item]}: stock {actual.Quantity}, expected {expected}");
                }
            }
        }

        return new Verification(disagreements.Count == 0, Count, acknowledged, _uncertain.Sum(), disagreements.Take(20).ToList(), disagreements.Count);
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}

/// <param name="Disagreements">The first few items that disagree, with why.</param>
/// <param name="StoredLedger">The check of the items' stored rows against their ledgers in PostgreSQL, when the run could read them.</param>
public sealed record Verification(bool Verified, int Items, long AcknowledgedChanges, long UncertainChanges, IReadOnlyList<string> Disagreements, int DisagreeingItems)
{
    public Checking.LedgerCheckResult? StoredLedger { get; init; }

    /// <summary>What a scenario measured beyond the run's own figures (the checkout's latencies by step and its expiry delays), by name.</summary>
    public IReadOnlyDictionary<string, double>? Measured { get; init; }

    /// <summary>The walk of the tenant's change feed over the run's items, when the service keeps a ledger.</summary>
    public Checking.FeedCheckResult? Feed { get; init; }

    /// <summary>This verification, with the feed walk's disagreements added.</summary>
    public Verification With(Checking.FeedCheckResult feed) => this with
    {
        Verified = Verified && feed.Problems.Count == 0,
        Disagreements = [.. Disagreements.Concat(feed.Problems).Take(20)],
        DisagreeingItems = DisagreeingItems + feed.Problems.Count,
        Feed = feed,
    };

    /// <summary>This verification, with the stored-ledger check's disagreements added.</summary>
    public Verification With(Checking.LedgerCheckResult ledger) => this with
    {
        Verified = Verified && ledger.Problems.Count == 0,
        Disagreements = [.. Disagreements.Concat(ledger.Problems).Take(20)],
        DisagreeingItems = DisagreeingItems + ledger.Problems.Count,
        StoredLedger = ledger,
    };
}
