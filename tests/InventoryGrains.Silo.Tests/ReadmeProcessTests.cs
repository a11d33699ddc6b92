using System.Diagnostics;
using System.Globalization;
using InventoryGrains.Testing;

namespace InventoryGrains.Silo.Tests;

/// <summary>
/// The README starts the built programs in the background and keeps <c>$!</c>: that PID must be
/// the service itself, so that <c>kill -9</c> of it ends the service (a <c>dotnet run</c> wrapper's
/// PID would leave the silo running, adopted by PID 1).
/// </summary>
public sealed class ReadmeProcessTests
{
    [Fact]
    public async Task The_pid_a_readme_start_line_gives_is_the_silos_and_kill_9_of_it_ends_the_silo()
    {
        var port = FreePort.Next();
        var script = string.Create(CultureInfo.InvariantCulture,
            $"Inventory__Cluster__SiloPort={FreePort.Next()} Inventory__Cluster__GatewayPort={FreePort.Next()} " +
            $"dotnet '{RepositoryLayout.AssemblyOf("InventoryGrains.Silo")}' --urls http://127.0.0.1:{port} >/dev/null 2>&1 & echo $!");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, WorkingDirectory = RepositoryLayout.Root };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        using var shell = Process.Start(start)!;
        var pid = int.Parse((await shell.StandardOutput.ReadToEndAsync()).Trim(), CultureInfo.InvariantCulture);
        await shell.WaitForExitAsync();

        using var silo = Process.GetProcessById(pid);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await Eventually.HoldsAsync(async () => (await http.GetAsync("/health/live")).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "the silo to answer");

            silo.Kill();

            // Gone: its port refuses (a process whose parent exited may linger as a zombie, never serving).
            await Eventually.HoldsAsync(async () =>
            {
                try
                {
                    using var response = await http.GetAsync("/health/live");
                    return false;
                }
                catch (HttpRequestException)
                {
                    return true;
                }
            }, TimeSpan.FromSeconds(30), "the killed silo's port to refuse");
        }
        finally
        {
            try
            {
                silo.Kill();
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
    }
}
