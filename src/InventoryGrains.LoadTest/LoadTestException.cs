namespace InventoryGrains.LoadTest;

/// <summary>A run that cannot go on (set-up failed for good, a target that cannot be reached): its message is the one line the tool prints.</summary>
public sealed class LoadTestException(string message) : Exception(message);
