using System.Diagnostics;

namespace InventoryGrains.Testing;

/// <summary>
/// A PostgreSQL server of a test's own, from the machine's binaries (through
/// <c>scripts/throwaway-postgres.sh</c>), so that the test may stop and start it without disturbing
/// any other test.
/// </summary>
public sealed class DedicatedPostgres : IAsyncDisposable
{
    private readonly string _directory;

    private DedicatedPostgres(string directory, string connectionString)
    {
        _directory = directory;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    /// <param name="listen">The address it listens on.</param>
    /// <param name="networkNamespace">A network namespace (made by the test) to run it in.</param>
    public static async Task<DedicatedPostgres> StartAsync(string listen = "127.0.0.1", string? networkNamespace = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"inventory-test-pg-{Guid.NewGuid():N}");
        var (exit, output) = await RunAsync(
            $"export THROWAWAY_PG_LISTEN='{listen}' THROWAWAY_PG_NETNS='{networkNamespace}'; " +
            $"if throwaway_pg_start '{directory}'; then echo \"$THROWAWAY_PG\"; else echo \"$THROWAWAY_PG_ERROR\" >&2; exit 1; fi");
        var connectionString = output.Split('\n').FirstOrDefault(line => line.StartsWith("Host=", StringComparison.Ordinal))?.Trim();
        if (exit != 0 || connectionString is null)
        {
            // Whatever was started is removed again: a failed start leaves no server behind.
            await RunAsync($"throwaway_pg_stop '{directory}'");
            throw new InvalidOperationException($"Could not start PostgreSQL: {output}");
        }

        return new DedicatedPostgres(directory, connectionString);
    }

    /// <summary>Stops the server at once (as a crash would), keeping its data.</summary>
    public Task PauseAsync() => CheckedAsync($"throwaway_pg_pause '{_directory}'");

    public Task ResumeAsync() => CheckedAsync($"throwaway_pg_resume '{_directory}'");

    public async ValueTask DisposeAsync() => await RunAsync($"throwaway_pg_stop '{_directory}'");

    private static async Task CheckedAsync(string command)
    {
        var (exit, output) = await RunAsync(command);
        if (exit != 0)
        {
            throw new InvalidOperationException($"'{command}' failed: {output}");
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string command)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"source '{RepositoryLayout.PathOf("scripts", "throwaway-postgres.sh")}' && {command}");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
