using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using InventoryGrains.Testing;
using Xunit.Abstractions;

namespace InventoryGrains.Api.Tests.Dialects;

/// <summary>
/// The Wix dialect as the official Wix JavaScript SDK (<c>@wix/stores</c> <c>inventoryItemsV3</c> through
/// <c>@wix/sdk</c>) sees it: the Node tests in <c>tests/wix-sdk</c> run under <c>node --test</c> against
/// the embedded API, started as a real process on a free loopback port. Skipped when Node.js or npm is
/// not installed.
/// </summary>
public sealed class WixSdkTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Written into node_modules after an install; names the package files it was installed from.</summary>
    private const string InstallStamp = ".inventorygrains-install-stamp";

    [SkippableFact]
    public async Task The_official_wix_sdk_passes_every_test_against_the_embedded_api()
    {
        var node = Executable.Find("node");
        var npm = Executable.Find("npm");
        Skip.If(node is null || npm is null, "The Wix SDK tests need Node.js 20 or later and npm on PATH (tests/wix-sdk).");
        var version = (await ExternalCommand.RunAsync(node!, ["--version"], Path.GetTempPath(), new Dictionary<string, string>(), RunTimeout)).Output.Trim();
        Skip.IfNot(NodeMajor(version) >= 20, $"The Wix SDK tests need Node.js 20 or later (node:test with the spec reporter); found {version}.");
        output.WriteLine($"node {version}");

        var directory = RepositoryLayout.PathOf("tests", "wix-sdk");
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        await using var api = ServiceProcess.Start("api", "InventoryGrains.Api", new Dictionary<string, string> { ["ASPNETCORE_URLS"] = url });
        try
        {
            // The API starts while the packages install.
            await InstallAsync(npm!, directory);
            await api.WaitForOutputAsync("Application started", StartTimeout);

            var run = await ExternalCommand.RunAsync(node!, ["--test", "--test-reporter=spec"], directory, new Dictionary<string, string>
            {
                ["INVENTORY_URL"] = url,
                ["INVENTORY_API_KEY"] = "dev-key",
                ["NO_COLOR"] = "1",
            }, RunTimeout);

            output.WriteLine(run.Output);
            Assert.True(run.ExitCode == 0, $"node --test exited with {run.ExitCode}:\n{run.Output}");
            Assert.Matches(@"(?m)^ℹ pass [1-9]\d*$", run.Output);
            Assert.Matches(@"(?m)^ℹ fail 0$", run.Output);
        }
        catch
        {
            output.WriteLine("--- API output ---");
            output.WriteLine(api.Output);
            throw;
        }
    }

    /// <summary>
    /// <c>npm ci</c> in place (node_modules is git-ignored), unless node_modules was installed by it from
    /// these very package files already.
    /// </summary>
    private async Task InstallAsync(string npm, string directory)
    {
        var stamp = Convert.ToHexString(SHA256.HashData(
            [.. await File.ReadAllBytesAsync(Path.Combine(directory, "package.json")), .. await File.ReadAllBytesAsync(Path.Combine(directory, "package-lock.json"))]));
        var stampFile = Path.Combine(directory, "node_modules", InstallStamp);
        if (File.Exists(stampFile) && await File.ReadAllTextAsync(stampFile) == stamp)
        {
            output.WriteLine($"node_modules is installed from this package-lock.json ({stamp[..12]}); npm ci skipped.");
            return;
        }

        var install = await ExternalCommand.RunAsync(npm, ["ci", "--no-audit", "--no-fund"], directory, new Dictionary<string, string>(), InstallTimeout);
        output.WriteLine($"npm ci took {install.Elapsed.TotalSeconds:F0} s");
        Assert.True(install.ExitCode == 0, $"npm ci exited with {install.ExitCode}:\n{install.Output}");
        await File.WriteAllTextAsync(stampFile, stamp);
    }

    private static int NodeMajor(string version) =>
        int.TryParse(version.TrimStart('v').Split('.')[0], System.Globalization.CultureInfo.InvariantCulture, out var major) ? major : 0;

    private static class Executable
    {
        /// <summary>The full path of a program on PATH, or null.</summary>
        public static string? Find(string name)
        {
            var extensions = OperatingSystem.IsWindows()
                ? (Environment.GetEnvironmentVariable("PATHEXT") ?? ".EXE;.CMD").Split(';')
                : [string.Empty];
            return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .SelectMany(folder => extensions.Select(extension => Path.Combine(folder, name + extension)))
                .FirstOrDefault(File.Exists);
        }
    }

    private sealed record CommandResult(int ExitCode, string Output, TimeSpan Elapsed);

    private static class ExternalCommand
    {
        /// <summary>Runs a program to its end, its standard output and error captured together.</summary>
        public static async Task<CommandResult> RunAsync(
            string program, IEnumerable<string> arguments, string directory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
        {
            var start = new ProcessStartInfo(program)
            {
                WorkingDirectory = directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }

            var lines = new ConcurrentQueue<string>();
            using var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
            var clock = Stopwatch.StartNew();
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            using var deadline = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                throw new TimeoutException(
                    $"{Path.GetFileName(program)} {string.Join(' ', arguments)} did not finish within {timeout}:\n{string.Join(Environment.NewLine, lines)}");
            }

            // The parameterless wait also drains the redirected output to its end.
            process.WaitForExit();
            return new CommandResult(process.ExitCode, string.Join(Environment.NewLine, lines), clock.Elapsed);
        }
    }
}
