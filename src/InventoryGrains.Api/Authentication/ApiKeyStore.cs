using System.Security.Cryptography;
using System.Text;

namespace InventoryGrains.Api.Authentication;

/// <summary>
/// Resolves an API key to its tenant. Keys are held only as SHA-256 digests and every lookup
/// compares against every digest in constant time, so neither the answer nor its timing tells
/// which key, or which prefix of a key, matched.
/// </summary>
public sealed class ApiKeyStore
{
    /// <summary>The key that is active only in the embedded mode when no key is configured.</summary>
    public const string DevelopmentKey = "dev-key";
    public const string DevelopmentTenant = "dev";

    private readonly (byte[] Digest, string Tenant)[] _entries;

    public ApiKeyStore(IEnumerable<ApiKeyOptions> keys, bool usesDevelopmentKey)
    {
        _entries = [.. keys.Select(k => (Digest(k.Key), k.Tenant))];
        UsesDevelopmentKey = usesDevelopmentKey;
    }

    public int Count => _entries.Length;

    /// <summary>Whether the only key is the embedded mode's development key.</summary>
    public bool UsesDevelopmentKey { get; }

    /// <param name="keyId">
    /// A stable name for the key that reveals nothing of it (half of its SHA-256, hex), for
    /// per-key bookkeeping such as rate limits.
    /// </param>
    public bool TryResolveTenant(string presentedKey, out string tenant, out string keyId)
    {
        var digest = Digest(presentedKey);
        string? match = null;
        foreach (var (candidate, candidateTenant) in _entries)
        {
            // No early exit: the loop does the same work whichever entry matches.
            if (CryptographicOperations.FixedTimeEquals(candidate, digest))
            {
                match = candidateTenant;
            }
        }

        tenant = match ?? "";
        keyId = match is null ? "" : Convert.ToHexStringLower(digest.AsSpan(0, 16));
        return match is not null;
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
