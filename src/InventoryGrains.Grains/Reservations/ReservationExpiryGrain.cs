using InventoryGrains.Abstractions.Reservations;
using InventoryGrains.Storage.Reservations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InventoryGrains.Grains.Reservations;

/// <summary>
/// Expires held reservations whose silo stopped before their time: a reminder of its own (durable,
/// so it fires on whichever silo owns it after a failure) runs a sweep every period, which reads
/// the held reservations past their time from the store (an index on the expiry) and wakes each
/// one; the reservation decides. One reminder for the cluster, not one per reservation: a
/// reservation costs no reminder write.
/// </summary>
public sealed partial class ReservationExpiryGrain(
    IReservationStore store,
    IOptions<ReservationOptions> options,
    TimeProvider time,
    ILogger<ReservationExpiryGrain> logger) : Grain, IReservationExpiryGrain, IRemindable
{
    private const string SweepReminder = "sweep";
    private const int Page = 1000;
    private const int MaxPages = 20;
    private readonly ReservationOptions _options = options.Value;

    public async Task StartAsync() => await this.RegisterOrUpdateReminder(SweepReminder, _options.SweepPeriod, _options.SweepPeriod);

    public async Task ReceiveReminder(string reminderName, TickStatus status) => await SweepAsync();

    public async Task<int> SweepAsync()
    {
        var woken = 0;
        var dueBy = time.GetUtcNow() - _options.SweepGrace;
        for (var page = 0; page < MaxPages; page++)
        {
            var due = await store.ListDueAsync(dueBy, Page);
            var tasks = due.Select(async entry =>
            {
                try
                {
                    await GrainFactory.GetGrain<IReservationGrain>(ReservationKey.Format(entry.Tenant, entry.ReservationId)).WakeAsync();
                    return true;
                }
                catch (Exception exception)
                {
                    // The next sweep wakes it again.
                    LogWakeFailed(logger, exception, entry.Tenant, entry.ReservationId);
                    return false;
                }
            });
            var results = await Task.WhenAll(tasks);
            woken += results.Count(ok => ok);

            // A reservation that could not expire now stays held and would be read again: the next sweep retries it.
            if (due.Count < Page || results.Any(ok => !ok))
            {
                break;
            }
        }

        if (woken > 0)
        {
            LogSwept(logger, woken);
        }

        return woken;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The expiry sweep woke {Count} held reservations past their time")]
    private static partial void LogSwept(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The expiry sweep could not wake reservation {Tenant}/{ReservationId}; the next sweep tries again")]
    private static partial void LogWakeFailed(ILogger logger, Exception exception, string tenant, string reservationId);
}
