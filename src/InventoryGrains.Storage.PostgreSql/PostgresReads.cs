using System.Net.Sockets;
using InventoryGrains.Abstractions;
using Npgsql;

namespace InventoryGrains.Storage.PostgreSql;

/// <summary>
/// How a read (a page of the ledger, the feed, a query) meets a database fault: a transient
/// failure is tried once more on a fresh connection — a server restart leaves the pool's idle
/// connections broken, and the first use of each finds out — and a failure that remains becomes a
/// <see cref="StorageUnavailableException"/>, which crosses grain calls and answers 503.
/// </summary>
internal static class PostgresReads
{
    public static async Task<T> RunAsync<T>(string operation, Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        try
        {
            return await read(cancellationToken);
        }
        catch (NpgsqlException transient) when (transient.IsTransient && !cancellationToken.IsCancellationRequested)
        {
            try
            {
                return await read(cancellationToken);
            }
            catch (Exception again) when (IsDatabaseFault(again, cancellationToken))
            {
                throw StorageUnavailableException.From(operation, again);
            }
        }
        catch (Exception exception) when (IsDatabaseFault(exception, cancellationToken))
        {
            throw StorageUnavailableException.From(operation, exception);
        }
    }

    private static bool IsDatabaseFault(Exception exception, CancellationToken cancellationToken) =>
        exception is NpgsqlException or TimeoutException or SocketException or IOException
        || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);
}
