using System.Security.Cryptography;
using System.Text;

namespace InventoryGrains.Abstractions.Webhooks;

/// <summary>
/// The signature of a delivery: <c>sha256=</c> and the lower-case hex HMAC-SHA256 of
/// <c>"&lt;timestamp&gt;.&lt;raw body&gt;"</c>, keyed with the UTF-8 bytes of the webhook's secret.
/// </summary>
public static class WebhookSignature
{
    public const string DeliveryHeader = "X-Inventory-Delivery";
    public const string TimestampHeader = "X-Inventory-Timestamp";
    public const string SignatureHeader = "X-Inventory-Signature";

    private const string Scheme = "sha256=";

    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var prefix = Encoding.ASCII.GetBytes(timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return Scheme + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>Whether <paramref name="signature"/> is the signature of this timestamp and body, compared in constant time.</summary>
    public static bool Verify(string secret, long timestamp, ReadOnlySpan<byte> body, string? signature) =>
        signature is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, timestamp, body)), Encoding.ASCII.GetBytes(signature));
}
