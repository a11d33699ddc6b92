using System.Diagnostics;
using InventoryGrains.Testing;

namespace InventoryGrains.LoadTest.Tests;

/// <summary>The load tool's command line as a user meets it.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task Help_lists_the_accepted_values_of_each_choice_in_kebab_case_defaults_included()
    {
        var (exit, output) = await RunAsync("--help");

        Assert.Equal(0, exit);
        Assert.Contains("--scenario <bulk-update|checkout|hot-decrement|linearizability|mixed|quantities|sql-baseline>", output, StringComparison.Ordinal);
        Assert.Contains("--target <cluster|http|in-process>", output, StringComparison.Ordinal);
        Assert.Contains("--item-storage <ado-net|item-store>", output, StringComparison.Ordinal);
        Assert.Contains("[default: bulk-update]", output, StringComparison.Ordinal);
        Assert.Contains("[default: in-process]", output, StringComparison.Ordinal);
        Assert.DoesNotContain("BulkUpdate", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_outside_the_choices_is_refused_naming_the_accepted_ones()
    {
        var (exit, output) = await RunAsync("--scenario", "BulkUpdate");

        Assert.NotEqual(0, exit);
        Assert.Contains("'bulk-update'", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_metrics_url_that_is_not_an_absolute_http_url_is_refused_before_anything_runs()
    {
        var (exit, output) = await RunAsync("--metrics-url", "silo1/metrics", "--duration", "1");

        Assert.Equal(2, exit);
        Assert.Contains("--metrics-url must be an absolute http or https URL", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fixed_lines_outside_the_checkout_scenario_are_refused_before_anything_runs()
    {
        var (exit, output) = await RunAsync("--scenario", "quantities", "--fixed-lines", "--duration", "1");

        Assert.Equal(2, exit);
        Assert.Contains("--fixed-lines applies to the checkout scenario.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_front_end_that_cannot_be_reached_is_one_line_and_a_non_zero_exit()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        var (exit, output) = await RunAsync("--target", "http", "--url", url, "--duration", "1", "--warmup", "0");

        Assert.Equal(1, exit);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith($"load: The front-end at {url}/ cannot be reached: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(RepositoryLayout.AssemblyOf("InventoryGrains.LoadTest"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return (process.ExitCode, await output + await errors);
    }
}
