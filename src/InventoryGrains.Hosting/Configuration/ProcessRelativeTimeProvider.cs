using System.Diagnostics;

namespace InventoryGrains.Hosting.Configuration;

/// <summary>
/// The system clock, with timestamps counted from this process's start instead of the machine's.
/// Orleans' silo watchdog (10.4) starts a thread that may read one of its timestamps before it is
/// set, i.e. as zero, and then warns of a "participant check" stall as long as the machine has
/// been up. Membership compares only differences of timestamps, so moving their origin changes
/// nothing else; with it, that unset timestamp reads as one second ago.
/// </summary>
internal sealed class ProcessRelativeTimeProvider : TimeProvider
{
    public static ProcessRelativeTimeProvider Instance { get; } = new();

    // Timestamps start at one second, so none of them is zero.
    private readonly long _origin = Stopwatch.GetTimestamp() - Stopwatch.Frequency;

    public override long TimestampFrequency => Stopwatch.Frequency;

    public override long GetTimestamp() => Stopwatch.GetTimestamp() - _origin;
}
