using System.Globalization;
using Npgsql;

namespace InventoryGrains.Hosting.Database;

/// <summary>How many client connections a PostgreSQL server accepts from ordinary users.</summary>
/// <param name="MaxConnections">The server's <c>max_connections</c>.</param>
/// <param name="Reserved">Slots only superusers (and roles granted <c>pg_use_reserved_connections</c>) may take.</param>
public sealed record ServerConnectionLimits(int MaxConnections, int Reserved)
{
    public int Usable => MaxConnections - Reserved;

    public static async Task<ServerConnectionLimits> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);

        // reserved_connections exists from PostgreSQL 16 on; current_setting(…, true) is NULL before.
        await using var command = new NpgsqlCommand(
            """
            SELECT current_setting('max_connections')::int,
                   current_setting('superuser_reserved_connections')::int
                   + coalesce(current_setting('reserved_connections', true)::int, 0)
            """,
            connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new ServerConnectionLimits(reader.GetInt32(0), reader.GetInt32(1));
    }
}

/// <summary>Sets the connections a deployment may open against what its server accepts, in one line.</summary>
public static class ConnectionBudget
{
    /// <summary>The one-line warning when <paramref name="needed"/> connections do not fit; null when they do.</summary>
    /// <param name="who">The processes that need them, e.g. "2 silos and 1 API".</param>
    public static string? Warning(string who, int needed, ServerConnectionLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return needed <= limits.Usable
            ? null
            : string.Create(CultureInfo.InvariantCulture,
                $"{who} may open {needed} PostgreSQL connections, more than the {limits.Usable} the server accepts (max_connections {limits.MaxConnections}, {limits.Reserved} reserved): " +
                $"lower the pools under {DatabaseConnectionOptions.SectionName} or raise max_connections.");
    }

    /// <summary>What each kind of process opens at most, and what the expected deployment needs of the server's slots.</summary>
    public static string Summary(DatabaseConnectionOptions connections, ServerConnectionLimits limits)
    {
        ArgumentNullException.ThrowIfNull(connections);
        ArgumentNullException.ThrowIfNull(limits);
        var who = Processes(connections.ExpectedSilos, connections.ExpectedApis);
        return string.Create(CultureInfo.InvariantCulture,
            $"Connections ({DatabaseConnectionOptions.SectionName}): a silo opens at most {connections.SiloBudget}, an API in the client role {connections.ApiBudget(Configuration.HostRole.Client)}; " +
            $"{who} need {connections.DeploymentBudget(connections.ExpectedSilos, connections.ExpectedApis)} of the {limits.Usable} the server accepts.");
    }

    public static string Processes(int silos, int apis) =>
        string.Create(CultureInfo.InvariantCulture, $"{silos} {(silos == 1 ? "silo" : "silos")} and {apis} {(apis == 1 ? "API" : "APIs")}");
}
