using System.Globalization;
using System.Text;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Abstractions.Inventory.Queries;

/// <summary>
/// One non-null value of a field, typed. Values order the same way in every store: text by Unicode
/// code point (the order of PostgreSQL's "C" collation, byte by byte in UTF-8), false before true,
/// integers numerically, timestamps by instant at microsecond precision (what PostgreSQL keeps).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ItemValue
{
    private ItemValue(ItemValueType type) => Type = type;

    [Id(0)] public ItemValueType Type { get; private init; }

    [Id(1)] public string? Text { get; private init; }

    [Id(2)] public bool Boolean { get; private init; }

    [Id(3)] public long Number { get; private init; }

    [Id(4)] public DateTimeOffset Timestamp { get; private init; }

    public static ItemValue Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new(ItemValueType.Text) { Text = text };
    }

    public static ItemValue Of(bool value) => new(ItemValueType.Boolean) { Boolean = value };

    public static ItemValue Of(long value) => new(ItemValueType.Number) { Number = value };

    /// <summary>The instant in UTC, truncated to microseconds as PostgreSQL stores it.</summary>
    public static ItemValue Of(DateTimeOffset value)
    {
        var utc = value.UtcTicks;
        return new(ItemValueType.Timestamp) { Timestamp = new DateTimeOffset(utc - utc % 10, TimeSpan.Zero) };
    }

    /// <summary>
    /// Whether <paramref name="text"/> can be a text value: PostgreSQL text holds no NUL and only
    /// well-formed UTF-16 can be encoded for it (a lone surrogate cannot).
    /// </summary>
    public static bool IsStorableText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return !text.Contains('\0', StringComparison.Ordinal) && IsWellFormed(text);
    }

    public int CompareTo(ItemValue? other)
    {
        if (other is null)
        {
            return -1;
        }

        if (other.Type != Type)
        {
            throw new ArgumentException($"Cannot compare a {Type} value with a {other.Type} value.", nameof(other));
        }

        return Type switch
        {
            ItemValueType.Text => CompareCodePoints(Text!, other.Text!),
            ItemValueType.Boolean => Boolean.CompareTo(other.Boolean),
            ItemValueType.Number => Number.CompareTo(other.Number),
            _ => Timestamp.UtcTicks.CompareTo(other.Timestamp.UtcTicks),
        };
    }

    /// <summary>Nullable values in the order of every query: a missing value after every present one.</summary>
    public static int Compare(ItemValue? x, ItemValue? y) => (x, y) switch
    {
        (null, null) => 0,
        (null, _) => 1,
        (_, null) => -1,
        _ => x.CompareTo(y),
    };

    /// <summary>Ordinal by code point: UTF-16 ordinal order differs for characters above U+FFFF.</summary>
    public static int CompareCodePoints(string x, string y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var i = 0;
        var j = 0;
        while (i < x.Length && j < y.Length)
        {
            Rune.DecodeFromUtf16(x.AsSpan(i), out var a, out var aLength);
            Rune.DecodeFromUtf16(y.AsSpan(j), out var b, out var bLength);
            if (a.Value != b.Value)
            {
                return a.Value < b.Value ? -1 : 1;
            }

            i += aLength;
            j += bLength;
        }

        return (x.Length - i).CompareTo(y.Length - j);
    }

    public override string ToString() => Type switch
    {
        ItemValueType.Text => Text!,
        ItemValueType.Boolean => Boolean ? "true" : "false",
        ItemValueType.Number => Number.ToString(CultureInfo.InvariantCulture),
        _ => Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
    };

    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
