using System.Reflection;
using Npgsql;

namespace InventoryGrains.Hosting.Database;

/// <summary>
/// Creates everything a PostgreSQL database needs, from the scripts in the repository's
/// <c>sql/</c> folder (embedded in this assembly). Every script is idempotent, and concurrent
/// runs are serialised by an advisory lock, so applying the schema again is harmless.
/// </summary>
public static class DatabaseSchema
{
    private const string ResourcePrefix = "InventoryGrains.Sql.";

    // An arbitrary constant that names this schema's advisory lock.
    private const long SetupLockKey = 0x1_6e76_656e_7479;

    /// <summary>The embedded scripts, in the order they are applied.</summary>
    public static IReadOnlyList<string> ScriptNames { get; } =
        [.. typeof(DatabaseSchema).Assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(name => name[ResourcePrefix.Length..])
            .Order(StringComparer.Ordinal)];

    public static async Task ApplyAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", SetupLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var script in ScriptNames)
        {
            await using var command = new NpgsqlCommand(ReadScript(script), connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public static string ReadScript(string scriptName)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourcePrefix + scriptName)
            ?? throw new ArgumentException($"No embedded script named '{scriptName}'.", nameof(scriptName));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
