using System.Globalization;

namespace InventoryGrains.Api.Edge.Text;

/// <summary>
/// What text the service accepts, in every dialect and route, in both storage modes: at most a
/// documented number of characters per field, and only text PostgreSQL can store — no NUL
/// character, no unpaired UTF-16 surrogate. A value that breaks a rule is refused at the edge
/// with a 400 naming its field, before anything is stored anywhere, so the in-memory and the
/// PostgreSQL modes never disagree, and a write that could never be stored never joins a batch
/// of other writes.
/// </summary>
public static class TextRules
{
    /// <summary>Ids, references and identifiers: item, variant, product and location ids, SKUs, GTINs, refs.</summary>
    public const int IdentifierLength = 256;

    /// <summary>URLs (webhook targets).</summary>
    public const int UrlLength = 2048;

    /// <summary>Every other text field (a preorder message, a description, a selling plan's texts).</summary>
    public const int TextLength = 1000;

    /// <summary>The most characters a field of this name takes.</summary>
    public static int MaxLengthOf(string fieldName)
    {
        ArgumentNullException.ThrowIfNull(fieldName);
        return fieldName switch
        {
            "url" => UrlLength,
            "id" or "sku" or "upca" or "ean13" or "gtin14" or "isbn" => IdentifierLength,
            _ when fieldName.EndsWith("Id", StringComparison.Ordinal) || fieldName.EndsWith("Ids", StringComparison.Ordinal)
                || fieldName.EndsWith("_id", StringComparison.Ordinal) || fieldName.EndsWith("_ids", StringComparison.Ordinal)
                || fieldName.EndsWith("_ref", StringComparison.Ordinal) => IdentifierLength,
            _ => TextLength,
        };
    }

    /// <summary>Why <paramref name="value"/> cannot be taken, as the end of a sentence that starts with the field's name; null when it can.</summary>
    public static string? Problem(ReadOnlySpan<char> value, int maxLength)
    {
        if (value.Length > maxLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"is {value.Length} characters long; at most {maxLength} are accepted");
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0')
            {
                return "contains a NUL character (\\u0000), which cannot be stored";
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return string.Create(CultureInfo.InvariantCulture, $"contains an unpaired surrogate (\\u{(int)c:x4}), which is not text");
            }
        }

        return null;
    }
}
