using System.Net.Sockets;
using Npgsql;

namespace InventoryGrains.Hosting.Database;

/// <summary>
/// What <c>setup-database</c> does: creates the database named in the connection string when it is
/// missing (if the user may create databases), then applies <see cref="DatabaseSchema"/>. Every
/// failure an operator can fix becomes a <see cref="DatabaseSetupException"/> that says, in one line,
/// what went wrong and where.
/// </summary>
public static class DatabaseSetup
{
    // PostgreSQL error codes (SQLSTATE) this set-up answers specifically.
    private const string InvalidCatalogName = "3D000";
    private const string InsufficientPrivilege = "42501";
    private const string DuplicateDatabase = "42P04";

    /// <returns>Whether the database had to be created.</returns>
    public static async Task<bool> RunAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        NpgsqlConnectionStringBuilder target;
        try
        {
            target = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException exception)
        {
            throw new DatabaseSetupException($"the connection string is not valid: {exception.Message}");
        }

        var created = false;
        if (!await DatabaseExistsAsync(target, cancellationToken))
        {
            await CreateDatabaseAsync(target, cancellationToken);
            created = true;
        }

        try
        {
            await DatabaseSchema.ApplyAsync(target.ConnectionString, cancellationToken);
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
        {
            throw new DatabaseSetupException($"applying the schema to {Describe(target)} failed: {Reason(exception)}");
        }

        return created;
    }

    /// <summary>How many connections the server accepts from ordinary users.</summary>
    public static async Task<ServerConnectionLimits> ReadConnectionLimitsAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        try
        {
            await using var connection = new NpgsqlConnection(target.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            return await ServerConnectionLimits.ReadAsync(connection, cancellationToken);
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or SocketException)
        {
            throw new DatabaseSetupException($"reading the connection limits of {Describe(target)} failed: {Reason(exception)}");
        }
    }

    private static async Task<bool> DatabaseExistsAsync(NpgsqlConnectionStringBuilder target, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(target.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            return true;
        }
        catch (PostgresException exception) when (exception.SqlState == InvalidCatalogName)
        {
            return false;
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or SocketException)
        {
            throw new DatabaseSetupException($"cannot connect to {Describe(target)}: {Reason(exception)}");
        }
    }

    /// <summary>Creates the database through the server's maintenance database, as the same user.</summary>
    private static async Task CreateDatabaseAsync(NpgsqlConnectionStringBuilder target, CancellationToken cancellationToken)
    {
        var maintenance = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = "postgres" };
        try
        {
            await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(target.Database!)}", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException exception) when (exception.SqlState == DuplicateDatabase)
        {
            // Another set-up created it meanwhile.
        }
        catch (PostgresException exception) when (exception.SqlState == InsufficientPrivilege)
        {
            throw new DatabaseSetupException(
                $"database \"{target.Database}\" does not exist and user \"{target.Username}\" may not create it: " +
                $"create it as a superuser (CREATE DATABASE \"{target.Database}\" OWNER \"{target.Username}\") or grant CREATEDB");
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or SocketException)
        {
            throw new DatabaseSetupException($"database \"{target.Database}\" does not exist and creating it failed: {Reason(exception)}");
        }
    }

    private static string Describe(NpgsqlConnectionStringBuilder target) =>
        $"PostgreSQL at {target.Host}:{target.Port}, database \"{target.Database}\" as user \"{target.Username}\"";

    /// <summary>The innermost message, on one line: Npgsql wraps the socket's own reason.</summary>
    private static string Reason(Exception exception)
    {
        var message = exception is PostgresException postgres ? postgres.MessageText : exception.Message;
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            message = $"{message} ({inner.Message})";
        }

        return message.ReplaceLineEndings(" ");
    }

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

/// <summary>A set-up failure an operator can act on; <see cref="Exception.Message"/> is one line.</summary>
public sealed class DatabaseSetupException(string message) : Exception(message);
