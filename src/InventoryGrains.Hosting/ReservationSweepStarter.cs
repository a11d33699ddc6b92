using InventoryGrains.Abstractions.Reservations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace InventoryGrains.Hosting;

/// <summary>
/// Makes sure the cluster's reservation expiry sweep has its reminder, once this silo runs: the
/// reminder is durable, so this matters on a cluster's first start; it is tried again until the
/// reminder service takes it (the database may not answer yet), without holding up the start.
/// </summary>
internal sealed partial class ReservationSweepStarter(IGrainFactory grains, ILogger<ReservationSweepStarter> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await grains.GetGrain<IReservationExpiryGrain>(0).StartAsync().WaitAsync(stoppingToken);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogNotStarted(logger, exception, RetryDelay);
            }

            try
            {
                await Task.Delay(RetryDelay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The reservation expiry sweep's reminder could not be registered yet; trying again in {Delay}")]
    private static partial void LogNotStarted(ILogger logger, Exception exception, TimeSpan delay);
}
