namespace InventoryGrains.Abstractions;

/// <summary>
/// The database could not be reached, or did not answer in time: the caller may try again. It
/// stands in for the driver's own exception wherever a storage failure could cross a grain call,
/// because Orleans serializes only exception types it knows (a driver's exception arrives as a
/// codec error), and carries no inner exception for the same reason.
/// </summary>
[GenerateSerializer]
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException()
        : base("The database could not be reached.")
    {
    }

    public StorageUnavailableException(string message)
        : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The failure of <paramref name="operation"/>, described by its cause (which is left behind).</summary>
    public static StorageUnavailableException From(string operation, Exception cause)
    {
        ArgumentNullException.ThrowIfNull(cause);
        return new StorageUnavailableException($"{operation} failed: {cause.GetType().Name}: {cause.Message.ReplaceLineEndings(" ")}");
    }
}
