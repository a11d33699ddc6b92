using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace InventoryGrains.Domain.Operations;

/// <summary>
/// What names an operation, so that applying it twice can be recognised: an entry of a request
/// with an idempotency key (the key and the entry's index), or a step of a job. The tenant is not
/// part of it: every item and index an operation touches belongs to one tenant already.
/// </summary>
public static class OperationIds
{
    /// <summary>The operation of entry <paramref name="entryIndex"/> of the request with idempotency key <paramref name="key"/>.</summary>
    public static string OfEntry(string key, int entryIndex) => string.Create(CultureInfo.InvariantCulture, $"{key}#{entryIndex}");

    /// <summary>The operation of a job's step for <paramref name="target"/> (an item, a variant).</summary>
    public static string OfJobStep(string tenant, string jobId, string target) => $"{tenant}:job:{jobId}:{target}";

    /// <summary>
    /// The id of what an operation creates (an item, a job, a plan): derived from the tenant and the
    /// operation, so that a repeated creation names the same thing (and is recognised there) instead
    /// of creating a second one.
    /// </summary>
    public static string CreatedIdOf(string tenant, string operationId)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{tenant}\n{operationId}"), hash);

        // A name-based UUID (RFC 9562 version 8, variant 10) from the first 16 bytes.
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true).ToString();
    }
}
