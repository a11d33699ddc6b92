using System.Diagnostics;
using InventoryGrains.Hosting.Configuration;

namespace InventoryGrains.Silo.Tests;

/// <summary>
/// The membership clock of the silos counts from the process's start: a timestamp read before it
/// was set (zero) then means "about now", not "as long ago as the machine booted".
/// </summary>
public sealed class ProcessRelativeTimeProviderTests
{
    [Fact]
    public void An_unset_timestamp_reads_as_at_most_the_process_age_and_differences_are_the_system_clocks()
    {
        var clock = ProcessRelativeTimeProvider.Instance;
        var processAge = DateTime.Now - Process.GetCurrentProcess().StartTime;

        Assert.True(clock.GetElapsedTime(0) <= processAge + TimeSpan.FromSeconds(2), $"{clock.GetElapsedTime(0)} since 0, process age {processAge}");

        var started = clock.GetTimestamp();
        var system = Stopwatch.GetTimestamp();
        Thread.SpinWait(1000);
        var ours = clock.GetElapsedTime(started);
        var theirs = Stopwatch.GetElapsedTime(system);
        Assert.True(ours > TimeSpan.Zero && (ours - theirs).Duration() < TimeSpan.FromMilliseconds(50));
    }
}
