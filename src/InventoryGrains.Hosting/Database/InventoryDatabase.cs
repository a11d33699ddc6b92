using Npgsql;

namespace InventoryGrains.Hosting.Database;

/// <summary>
/// The process's connection pools, each bounded by <see cref="DatabaseConnectionOptions"/>: an
/// <see cref="NpgsqlDataSource"/> per pool of the service's own, and a connection string for
/// Orleans' ADO.NET providers (one pool that membership, grain state and reminders share).
/// </summary>
public static class InventoryDatabase
{
    /// <summary>The service keys of the process's data sources.</summary>
    public const string ItemStorePool = "item-store";
    public const string QueryPool = "item-queries";
    public const string IdempotencyPool = "idempotency";

    /// <summary>
    /// A pool of the service's own (the item store, idempotency keys). Nothing is prepared
    /// automatically: an automatically prepared statement whose first run fails between parse and
    /// bind (a cancellation, a value the server refuses) stays marked prepared without its row
    /// description, and its next run on that connection fails with "unexpected backend message
    /// DataRow". The item store prepares its batch statements itself.
    /// </summary>
    /// <param name="logs">Where Npgsql logs (a test's capture); none: nowhere.</param>
    public static NpgsqlDataSource Create(string connectionString, int maxConnections, TimeSpan connectionWait, Microsoft.Extensions.Logging.ILoggerFactory? logs = null)
    {
        var builder = new NpgsqlDataSourceBuilder(Bounded(connectionString, maxConnections, connectionWait));
        builder.ConnectionStringBuilder.MaxAutoPrepare = 0;
        if (logs is not null)
        {
            builder.UseLoggerFactory(logs);
        }

        return builder.Build();
    }

    /// <summary>A pool for item queries, which come in many shapes: nothing prepared.</summary>
    public static NpgsqlDataSource CreateForQueries(string connectionString, int maxConnections, TimeSpan connectionWait)
    {
        var builder = new NpgsqlDataSourceBuilder(Bounded(connectionString, maxConnections, connectionWait));
        builder.ConnectionStringBuilder.MaxAutoPrepare = 0;
        return builder.Build();
    }

    /// <summary>
    /// <paramref name="connectionString"/> with its pool bounded to <paramref name="maxConnections"/>
    /// and callers waiting at most <paramref name="connectionWait"/> for a connection (Npgsql's
    /// <c>Timeout</c> covers the wait for a free pooled connection as well as the connect).
    /// </summary>
    public static string Bounded(string connectionString, int maxConnections, TimeSpan connectionWait)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            MaxPoolSize = maxConnections,
            Timeout = (int)Math.Ceiling(connectionWait.TotalSeconds),
        };
        builder.MinPoolSize = Math.Min(builder.MinPoolSize, maxConnections);
        return builder.ConnectionString;
    }
}
