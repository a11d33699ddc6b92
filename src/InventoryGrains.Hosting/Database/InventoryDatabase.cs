using Npgsql;

namespace InventoryGrains.Hosting.Database;

/// <summary>The process's one <see cref="NpgsqlDataSource"/>: a pool of connections, prepared statements kept per connection.</summary>
public static class InventoryDatabase
{
    public static NpgsqlDataSource Create(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);

        // The store runs the same few statements over and over: let Npgsql prepare them on each
        // connection, unless the connection string says otherwise.
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = 32;
            builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        }

        return builder.Build();
    }

    /// <summary>
    /// A pool for item queries, apart from the store's: at most <paramref name="maxConnections"/>
    /// connections, and no automatic preparation, since queries come in many shapes and would only
    /// churn the cache of prepared statements.
    /// </summary>
    public static NpgsqlDataSource CreateForQueries(string connectionString, int maxConnections)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.MaxAutoPrepare = 0;
        builder.ConnectionStringBuilder.MaxPoolSize = maxConnections;
        builder.ConnectionStringBuilder.MinPoolSize = 0;
        return builder.Build();
    }
}
