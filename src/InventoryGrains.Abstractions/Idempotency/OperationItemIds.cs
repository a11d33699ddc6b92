using System.Security.Cryptography;
using System.Text;

namespace InventoryGrains.Abstractions.Idempotency;

/// <summary>
/// The id of an item created by an idempotent operation: derived from the tenant and the operation
/// id, so that a repeated creation names the same item (and is recognised there) instead of
/// creating a second one.
/// </summary>
public static class OperationItemIds
{
    public static string For(string tenant, string operationId)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{tenant}\n{operationId}"), hash);

        // A name-based UUID (RFC 9562 version 8, variant 10) from the first 16 bytes.
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true).ToString();
    }
}
