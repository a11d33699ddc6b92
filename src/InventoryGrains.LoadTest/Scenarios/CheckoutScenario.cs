using System.Collections.Concurrent;
using System.Diagnostics;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Abstractions.Reservations;
using InventoryGrains.Domain.Items;
using InventoryGrains.Domain.Reservations;
using InventoryGrains.LoadTest.Measurement;
using InventoryGrains.LoadTest.Targets;

namespace InventoryGrains.LoadTest.Scenarios;

/// <summary>
/// Checkouts: each buyer holds 1 to <c>--bulk-size</c> units (exactly that many with
/// <c>--fixed-lines</c>) on as many items (one line in four on
/// one of the <c>--hot-items</c>), then confirms (70 %), releases (20 %) or lets the hold expire
/// (10 %, after <see cref="ShortExpiry"/>). A request whose outcome is unknown is repeated (the
/// reservation id makes it safe) until it is definite. After the run and the last expiry: every
/// reservation is in the status its buyer left it in (expired for the abandoned ones), no item sold
/// beyond its stock, and every item's reserved and committed equal the sums over its reservations.
/// It measures the hold's and the confirm's latency, and the delay between a hold's expiry time and
/// its expiry being stored (the quantity available again).
/// </summary>
public sealed class CheckoutScenario(LoadTestOptions options, ILoadTarget target) : LoadScenario(options)
{
    public static readonly TimeSpan ShortExpiry = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LongExpiry = TimeSpan.FromMinutes(10);

    private readonly ConcurrentBag<Checkout> _checkouts = [];
    private readonly ConcurrentBag<double> _holdMs = [];
    private readonly ConcurrentBag<double> _confirmMs = [];
    private string[] _ids = [];
    private long _counter;
    private long _unknown;
    private long _soldOut;

    private sealed record Checkout(string Id, IReadOnlyList<ReservationLine> Lines, ReservationStatus Expected, DateTimeOffset? ExpiresAt);

    public override string Name => "checkout";

    public override IReadOnlyList<string> ItemIds => _ids;

    private IGrainFactory Grains => target.Grains ?? throw new InvalidOperationException("The checkout scenario runs through the grain client.");

    private IReservationGrain Reservation(string tenant, string id) => Grains.GetGrain<IReservationGrain>(ReservationKey.Format(tenant, id));

    public override async Task PrepareAsync()
    {
        _ids = [.. Enumerable.Range(0, Options.Items).Select(i => $"{RunId}-c-{i}")];
        await CreateAllAsync(target, [.. _ids.Select(id => new ItemSeed(id, Options.InitialStock))]);
    }

    public override async Task RunBulkAsync(int worker, Random random, LoadRecorder recorder)
    {
        var tenant = await target.TenantAsync();
        var count = Options.FixedLines ? Options.BulkSize : 1 + random.Next(Options.BulkSize);
        var items = new HashSet<string>(StringComparer.Ordinal);
        while (items.Count < count)
        {
            items.Add(random.Next(4) == 0 ? _ids[random.Next(Math.Min(Options.HotItems, _ids.Length))] : _ids[random.Next(_ids.Length)]);
        }

        var lines = items.Select(item => new ReservationLine(item, 1)).ToList();
        var choice = random.Next(10);
        var id = $"{RunId}-r-{Interlocked.Increment(ref _counter)}";
        var reservation = Reservation(tenant, id);
        var clock = Stopwatch.StartNew();
        var held = await UntilDefiniteAsync(() => reservation.CreateAsync(lines, null, choice == 9 ? ShortExpiry : LongExpiry));
        _holdMs.Add(clock.Elapsed.TotalMilliseconds);
        switch (held)
        {
            case ReservationDone done:
                var expected = ReservationStatus.Expired;
                if (choice < 9)
                {
                    var step = Stopwatch.StartNew();
                    var action = choice < 7 ? ReservationAction.Confirm : ReservationAction.Release;
                    var ended = await UntilDefiniteAsync(() => reservation.ApplyAsync(action, null));
                    if (action == ReservationAction.Confirm)
                    {
                        _confirmMs.Add(step.Elapsed.TotalMilliseconds);
                    }

                    expected = ended is ReservationDone ? (action == ReservationAction.Confirm ? ReservationStatus.Confirmed : ReservationStatus.Released) : ReservationStatus.Held;
                }

                _checkouts.Add(new Checkout(id, lines, expected, done.Reservation.ExpiresAt));
                recorder.Record(clock.Elapsed, 1, [], []);
                break;
            case ReservationRefused refused:
                Interlocked.Increment(ref _soldOut);
                _checkouts.Add(new Checkout(id, lines, ReservationStatus.Released, null));
                recorder.Record(clock.Elapsed, 1, [refused.Lines.Count > 0 ? refused.Lines[0].Code.ContractName() : refused.Code?.Code() ?? "REFUSED"], []);
                break;
            default:
                Interlocked.Increment(ref _unknown);
                recorder.Record(clock.Elapsed, 1, ["UNAVAILABLE"], []);
                break;
        }
    }

    /// <summary>Repeats a request whose outcome is unknown (the same reservation and request) until it is definite, or patience runs out.</summary>
    private static async Task<ReservationOutcome> UntilDefiniteAsync(Func<Task<ReservationOutcome>> request)
    {
        var patience = Stopwatch.StartNew();
        while (true)
        {
            ReservationOutcome outcome;
            try
            {
                outcome = await request();
            }
            catch (Exception exception) when (exception is OrleansException or TimeoutException)
            {
                outcome = new ReservationUnknown(exception.Message);
            }

            if (outcome is not ReservationUnknown || patience.Elapsed > RetryUntilDefinite.Patience)
            {
                return outcome;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    public override async Task<Verification> VerifyAsync()
    {
        var tenant = await target.TenantAsync();
        var checkouts = _checkouts.ToList();
        var problems = new List<string>();

        // The abandoned holds expire by themselves: wait for the last one's time, then read every reservation.
        if (checkouts.Where(c => c.Expected == ReservationStatus.Expired).Max(c => c.ExpiresAt) is { } last && last + TimeSpan.FromSeconds(3) - DateTimeOffset.UtcNow is { Ticks: > 0 } wait)
        {
            await Task.Delay(wait);
        }

        var delays = new List<double>();
        var reserved = new Dictionary<string, long>(StringComparer.Ordinal);
        var committed = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var chunk in checkouts.Chunk(500))
        {
            var stored = await Task.WhenAll(chunk.Select(c => Reservation(tenant, c.Id).GetAsync()));
            for (var i = 0; i < chunk.Length; i++)
            {
                var (checkout, reservation) = (chunk[i], stored[i]);
                if (checkout.ExpiresAt is null)
                {
                    if (reservation is not null)
                    {
                        problems.Add($"{checkout.Id}: refused, yet stored as {reservation.Status.Code()}");
                    }

                    continue;
                }

                if (reservation is null || reservation.Status != checkout.Expected)
                {
                    problems.Add($"{checkout.Id}: {reservation?.Status.Code() ?? "missing"}, expected {checkout.Expected.Code()}");
                    continue;
                }

                if (reservation.Status == ReservationStatus.Expired)
                {
                    delays.Add((reservation.UpdatedAt - reservation.ExpiresAt).TotalMilliseconds);
                }

                var sums = reservation.Status switch { ReservationStatus.Held => reserved, ReservationStatus.Confirmed => committed, _ => null };
                foreach (var line in sums is null ? [] : reservation.Lines)
                {
                    sums![line.ItemId] = sums.GetValueOrDefault(line.ItemId) + line.Quantity;
                }
            }
        }

        var items = await Task.WhenAll(_ids.Select(id => Grains.GetGrain<IInventoryItemGrain>(InventoryItemKey.Format(tenant, id)).GetAsync()));
        foreach (var item in items)
        {
            if (item?.Quantities is not { } q)
            {
                problems.Add($"{item?.Id}: no quantities");
                continue;
            }

            var (wantReserved, wantCommitted) = (reserved.GetValueOrDefault(item.Id), committed.GetValueOrDefault(item.Id));
            if (q.Reserved != wantReserved || q.Committed != wantCommitted || q.Available + q.Reserved + q.Committed != Options.InitialStock || q.Available < 0)
            {
                problems.Add($"{item.Id}: available {q.Available}, reserved {q.Reserved} (reservations: {wantReserved}), committed {q.Committed} (reservations: {wantCommitted}), of {Options.InitialStock}");
            }
        }

        if (Interlocked.Read(ref _unknown) > 0)
        {
            problems.Add($"{_unknown} checkouts stayed unknown after {RetryUntilDefinite.Patience.TotalMinutes:0} minutes of repeats");
        }

        var measured = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["checkouts held"] = checkouts.Count(c => c.ExpiresAt is not null),
            ["refused (sold out)"] = Interlocked.Read(ref _soldOut),
            ["hold p50 ms"] = Percentile([.. _holdMs], 0.50),
            ["hold p99 ms"] = Percentile([.. _holdMs], 0.99),
            ["confirm p50 ms"] = Percentile([.. _confirmMs], 0.50),
            ["confirm p99 ms"] = Percentile([.. _confirmMs], 0.99),
            ["expiries"] = delays.Count,
            ["expiry delay p50 ms"] = Percentile(delays, 0.50),
            ["expiry delay p99 ms"] = Percentile(delays, 0.99),
            ["expiry delay max ms"] = delays.Count == 0 ? 0 : delays.Max(),
        };
        return new Verification(problems.Count == 0, _ids.Length, checkouts.Count, Interlocked.Read(ref _unknown), [.. problems.Take(20)], problems.Count) { Measured = measured };
    }

    private static double Percentile(List<double> values, double quantile)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        values.Sort();
        return values[Math.Min(values.Count - 1, (int)Math.Ceiling(quantile * values.Count) - 1)];
    }
}
