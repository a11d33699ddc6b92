namespace InventoryGrains.Abstractions;

/// <summary>
/// The database refused a write (or a read) for good, because of a value in it that it cannot hold
/// (text it cannot encode, a value out of its range): nothing was stored, and the same request will
/// never succeed. Unlike <see cref="StorageUnavailableException"/>, the outcome is known.
/// Serializable across grain calls, and without the driver's exception inside.
/// </summary>
[GenerateSerializer]
public sealed class StorageRefusedException : Exception
{
    public StorageRefusedException()
        : base("The database refused the value.")
    {
    }

    public StorageRefusedException(string message)
        : base(message)
    {
    }

    public StorageRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The refusal of one write, described by its cause (which is left behind).</summary>
    public static StorageRefusedException From(Exception cause)
    {
        ArgumentNullException.ThrowIfNull(cause);
        return new StorageRefusedException($"The database cannot store a value of the change: {cause.Message.ReplaceLineEndings(" ")}");
    }
}
