using System.Diagnostics;

namespace InventoryGrains.Hosting;

/// <summary>Retries the client's first connection to the cluster until a deadline passes.</summary>
internal sealed class BoundedConnectionRetryFilter(TimeSpan timeout) : IClientConnectionRetryFilter
{
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        if (_elapsed.Elapsed >= timeout)
        {
            return false;
        }

        await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        return true;
    }
}
