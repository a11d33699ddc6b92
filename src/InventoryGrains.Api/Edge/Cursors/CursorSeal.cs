using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace InventoryGrains.Api.Edge.Cursors;

/// <summary>
/// Makes every cursor the service hands out opaque: the position inside (a feed position is a
/// place in every tenant's stream of changes, and would show how much the others changed between
/// two reads) is encrypted and authenticated with ASP.NET Core Data Protection, for one route and
/// one tenant. A cursor opened for another route or tenant, edited, or made up does not open.
/// </summary>
public sealed class CursorSeal(IDataProtectionProvider provider)
{
    private readonly IDataProtector _cursors = provider.CreateProtector("InventoryGrains.Cursors.v1");

    public string Seal(string route, string tenant, string position) =>
        Base64Url.EncodeToString(Protector(route, tenant).Protect(Encoding.UTF8.GetBytes(position)));

    /// <summary>The position a cursor holds; false when it is not one this service gave for this route and tenant.</summary>
    public bool TryOpen(string route, string tenant, string cursor, out string position)
    {
        try
        {
            position = Encoding.UTF8.GetString(Protector(route, tenant).Unprotect(Base64Url.DecodeFromChars(cursor)));
            return true;
        }
        catch (Exception exception) when (exception is CryptographicException or FormatException)
        {
            position = "";
            return false;
        }
    }

    private IDataProtector Protector(string route, string tenant) => _cursors.CreateProtector(route, tenant);
}
