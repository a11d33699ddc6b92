using System.Diagnostics;
using Npgsql;

namespace InventoryGrains.Storage.PostgreSql;

/// <summary>
/// Opens pooled connections, waiting out a server that is at its connection limit. A pool that is
/// full already makes its caller wait (up to the connection string's <c>Timeout</c>); a server
/// that refuses a new connection because every slot is taken (<c>53300 too_many_connections</c>,
/// or <c>57P03</c> while it starts) is tried again, with a growing pause, until the caller's
/// patience runs out. Nothing was sent on a connection that never opened, so trying again is
/// always safe: a refusal of this kind never becomes an unknown outcome.
/// </summary>
public static class PostgresConnections
{
    private const string TooManyConnections = "53300";
    private const string CannotConnectNow = "57P03";
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan LongestPause = TimeSpan.FromMilliseconds(500);

    public static async Task<NpgsqlConnection> OpenWithinAsync(this NpgsqlDataSource dataSource, TimeSpan patience, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var started = Stopwatch.GetTimestamp();
        var pause = FirstPause;
        while (true)
        {
            try
            {
                return await dataSource.OpenConnectionAsync(cancellationToken);
            }
            catch (PostgresException refused) when (IsConnectionLimit(refused) && Stopwatch.GetElapsedTime(started) + pause < patience)
            {
                // Equal jitter, so that many waiting callers do not come back all at once.
                await Task.Delay(pause / 2 + TimeSpan.FromTicks(Random.Shared.NextInt64(pause.Ticks / 2)), cancellationToken);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
            }
        }
    }

    /// <summary>The server refused a new connection for want of a free slot (not for a fault of the request).</summary>
    public static bool IsConnectionLimit(PostgresException exception) =>
        exception?.SqlState is TooManyConnections or CannotConnectNow;

    /// <summary>A command on a connection opened by <see cref="OpenWithinAsync"/>; the connection closes with the returned lease.</summary>
    public static async Task<CommandLease> CommandWithinAsync(this NpgsqlDataSource dataSource, string sql, TimeSpan patience, CancellationToken cancellationToken = default)
    {
        var connection = await dataSource.OpenWithinAsync(patience, cancellationToken);
        var command = new NpgsqlCommand(sql, connection) { CommandTimeout = (int)Math.Ceiling(patience.TotalSeconds) };
        return new CommandLease(connection, command);
    }
}

/// <summary>A command and the pooled connection it runs on; disposing returns the connection to its pool.</summary>
public sealed class CommandLease(NpgsqlConnection connection, NpgsqlCommand command) : IAsyncDisposable
{
    public NpgsqlCommand Command { get; } = command;

    public NpgsqlParameterCollection Parameters => Command.Parameters;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Command.DisposeAsync();
        }
        finally
        {
            await connection.DisposeAsync();
        }
    }
}
