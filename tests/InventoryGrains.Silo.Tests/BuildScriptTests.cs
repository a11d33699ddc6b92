using System.Diagnostics;
using System.Text.RegularExpressions;
using InventoryGrains.Testing;

namespace InventoryGrains.Silo.Tests;

/// <summary>
/// The throwaway PostgreSQL of <c>./build.sh</c> works from a clone anywhere (its data lives where
/// the server's user can reach it), is removed afterwards, and a set-up that fails says why in one line.
/// </summary>
[Collection(RealProcesses.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class BuildScriptTests : IDisposable
{
    private readonly string _sandbox = Directory.CreateTempSubdirectory("inventory-build-script-").FullName;

    public BuildScriptTests()
    {
        // Readable by the server's user (the temporary folder is made private), like a clone in /srv.
        File.SetUnixFileMode(_sandbox, (UnixFileMode)0b111_101_101);
    }

    public void Dispose() => Directory.Delete(_sandbox, recursive: true);

    [Fact]
    public async Task A_clone_inside_a_private_home_directory_gets_a_working_throwaway_postgres_that_is_removed_afterwards()
    {
        // Like a clone under root's home (mode 0700): no other user may enter it.
        var home = Directory.CreateDirectory(Path.Combine(_sandbox, "home"));
        File.SetUnixFileMode(home.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var clone = CopyScripts(Path.Combine(home.FullName, "clone"));

        var (exit, output, errors) = await RunAsync(clone, [], "with-postgres", "bash", "-c",
            """source scripts/throwaway-postgres.sh; port=${INVENTORY_TEST_PG#*Port=}; "$(throwaway_pg_bindir)/psql" -h 127.0.0.1 -p "${port%%;*}" -U postgres -d postgres -Atc 'SELECT 6 * 7'""");

        Assert.True(exit == 0, errors);
        Assert.Equal("42", output.Trim());
        var dataDirectory = DataDirectory().Match(errors).Groups["dir"].Value;
        Assert.False(string.IsNullOrEmpty(dataDirectory), errors);
        Assert.False(dataDirectory.StartsWith(clone, StringComparison.Ordinal), "the server's data must not live inside the clone");
        Assert.False(Directory.Exists(dataDirectory), $"{dataDirectory} was not removed");
    }

    [Fact]
    public async Task A_server_that_cannot_be_initialised_is_one_line_saying_why_and_leaves_nothing_behind()
    {
        // PostgreSQL binaries whose initdb fails as it does when its user cannot reach the folder.
        var binaries = Directory.CreateDirectory(Path.Combine(_sandbox, "bin")).FullName;
        WriteScript(Path.Combine(binaries, "initdb"), """echo "initdb: error: could not access directory \"$2\": Permission denied" >&2; exit 1""");
        WriteScript(Path.Combine(binaries, "pg_ctl"), "exit 1");
        var clone = CopyScripts(Path.Combine(_sandbox, "clone"));

        var (exit, _, errors) = await RunAsync(clone, new() { ["PG_BINDIR"] = binaries }, "with-postgres", "true");

        Assert.NotEqual(0, exit);
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("build.sh: the throwaway PostgreSQL did not start: initdb: error: could not access directory", line, StringComparison.Ordinal);
        Assert.Contains("Permission denied", line, StringComparison.Ordinal);
        var directory = FailedDirectory().Match(line).Groups["dir"].Value;
        Assert.False(string.IsNullOrEmpty(directory), line);
        Assert.False(Directory.Exists(directory), $"{directory} was not removed");
    }

    /// <summary>What <c>with-postgres</c> needs of a clone: the build script and its scripts folder.</summary>
    private static string CopyScripts(string clone)
    {
        Directory.CreateDirectory(Path.Combine(clone, "scripts"));
        File.Copy(RepositoryLayout.PathOf("build.sh"), Path.Combine(clone, "build.sh"));
        foreach (var script in Directory.GetFiles(RepositoryLayout.PathOf("scripts")))
        {
            File.Copy(script, Path.Combine(clone, "scripts", Path.GetFileName(script)));
        }

        return clone;
    }

    private static void WriteScript(string path, string body)
    {
        File.WriteAllText(path, "#!/usr/bin/env bash\n" + body + "\n");
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
    }

    private static async Task<(int Exit, string Output, string Errors)> RunAsync(string directory, Dictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("build.sh");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The script under test must start its own server, not reuse the suite's.
        start.Environment.Remove(TestDatabase.ServerVariable);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output, await errors);
    }

    [GeneratedRegex(@"data in (?<dir>\S+)")]
    private static partial Regex DataDirectory();

    [GeneratedRegex(@" in (?<dir>/\S+)\)$")]
    private static partial Regex FailedDirectory();
}
