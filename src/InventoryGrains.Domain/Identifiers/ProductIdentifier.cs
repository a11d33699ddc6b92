using System.Diagnostics.CodeAnalysis;

namespace InventoryGrains.Domain.Identifiers;

public enum IdentifierKind
{
    Sku,
    Upca,
    Ean13,
    Gtin14,
    Isbn,

    /// <summary>
    /// The item's variant id (every item has one; unique per location): used to name an item by
    /// variant and location. Not one of the identifiers an item is registered under.
    /// </summary>
    Variant,
}

/// <summary>An identifier as a merchant wrote it.</summary>
[GenerateSerializer, Immutable]
public sealed record ItemIdentifier(
    [property: Id(0)] IdentifierKind Kind,
    [property: Id(1)] string Value);

/// <summary>
/// Validates identifiers and brings them to one form, so that every spelling of one product
/// reaches the same index entry: UPC-A, EAN-13, GTIN-14 and ISBN (10 or 13) become one 14-digit
/// GTIN (<c>gtin:…</c>); a SKU is the merchant's own string (<c>sku:…</c>).
/// </summary>
public static class ProductIdentifier
{
    public const int MaxSkuLength = 256;

    /// <summary>The normalised form of a variant id (the index entry of a variant at its locations).</summary>
    public static string VariantKey(string variantId) => "variant:" + variantId;

    public static bool TryNormalize(ItemIdentifier identifier, [NotNullWhen(true)] out string? key, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        key = null;
        var value = identifier.Value ?? "";
        switch (identifier.Kind)
        {
            case IdentifierKind.Sku:
                var sku = value.Trim();
                if (sku.Length == 0 || sku.Length > MaxSkuLength || sku.Any(char.IsControl))
                {
                    problem = $"sku_id must be 1 to {MaxSkuLength} printable characters";
                    return false;
                }

                key = "sku:" + sku;
                problem = null;
                return true;
            case IdentifierKind.Upca:
                return TryGtin(value, 12, "upca", out key, out problem);
            case IdentifierKind.Ean13:
                return TryGtin(value, 13, "ean13", out key, out problem);
            case IdentifierKind.Gtin14:
                return TryGtin(value, 14, "gtin14", out key, out problem);
            case IdentifierKind.Isbn:
                return TryIsbn(value, out key, out problem);
            case IdentifierKind.Variant:
                if (string.IsNullOrWhiteSpace(value) || value.Length > MaxSkuLength)
                {
                    problem = $"variantId must be 1 to {MaxSkuLength} characters";
                    return false;
                }

                key = VariantKey(value);
                problem = null;
                return true;
            default:
                problem = $"unknown identifier kind {identifier.Kind}";
                return false;
        }
    }

    /// <summary>The GS1 check digit (mod 10, weights 3 and 1 from the right) of a digit string.</summary>
    public static int Gs1CheckDigit(ReadOnlySpan<char> digitsWithoutCheck)
    {
        var sum = 0;
        for (var i = 0; i < digitsWithoutCheck.Length; i++)
        {
            var digit = digitsWithoutCheck[digitsWithoutCheck.Length - 1 - i] - '0';
            sum += i % 2 == 0 ? digit * 3 : digit;
        }

        return (10 - (sum % 10)) % 10;
    }

    private static bool TryGtin(string raw, int length, string name, out string? key, out string? problem)
    {
        var digits = WithoutSeparators(raw);
        key = null;
        if (digits.Length != length || !digits.All(char.IsAsciiDigit))
        {
            problem = $"{name} must be {length} digits";
            return false;
        }

        if (Gs1CheckDigit(digits.AsSpan(0, length - 1)) != digits[^1] - '0')
        {
            problem = $"{name} has a wrong check digit";
            return false;
        }

        key = "gtin:" + digits.PadLeft(14, '0');
        problem = null;
        return true;
    }

    private static bool TryIsbn(string raw, out string? key, out string? problem)
    {
        var isbn = WithoutSeparators(raw).ToUpperInvariant();
        key = null;
        if (isbn.Length == 13)
        {
            if (!isbn.StartsWith("978", StringComparison.Ordinal) && !isbn.StartsWith("979", StringComparison.Ordinal))
            {
                problem = "isbn of 13 digits must start with 978 or 979";
                return false;
            }

            return TryGtin(isbn, 13, "isbn", out key, out problem);
        }

        if (isbn.Length != 10 || !isbn[..9].All(char.IsAsciiDigit) || !(char.IsAsciiDigit(isbn[9]) || isbn[9] == 'X'))
        {
            problem = "isbn must be an ISBN-10 or an ISBN-13";
            return false;
        }

        // ISBN-10: weights 10..1, the check character (X = 10) makes the sum divisible by 11.
        var sum = 0;
        for (var i = 0; i < 10; i++)
        {
            sum += (10 - i) * (isbn[i] == 'X' ? 10 : isbn[i] - '0');
        }

        if (sum % 11 != 0)
        {
            problem = "isbn has a wrong check digit";
            return false;
        }

        var isbn13 = "978" + isbn[..9];
        key = "gtin:0" + isbn13 + Gs1CheckDigit(isbn13);
        problem = null;
        return true;
    }

    /// <summary>Hyphens and spaces are how ISBNs and GTINs are often printed; they carry no meaning.</summary>
    private static string WithoutSeparators(string raw) =>
        string.Concat(raw.Trim().Where(c => c is not ('-' or ' ')));
}
