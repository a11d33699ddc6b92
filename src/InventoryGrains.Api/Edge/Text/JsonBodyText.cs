using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace InventoryGrains.Api.Edge.Text;

/// <summary>
/// Reads a JSON document once, before anything binds it, and finds the first thing no route may
/// take: a string that breaks <see cref="TextRules"/> (too long for its field, a NUL, an unpaired
/// surrogate, bytes that are not UTF-8), a property given twice in one object (which of the two a
/// reader keeps differs from reader to reader, so the request is refused rather than guessed at),
/// or text that is not JSON at all.
/// </summary>
public static class JsonBodyText
{
    /// <summary>How the body as a whole is named where no field is to blame.</summary>
    public const string BodyField = "body";

    /// <summary>The problem and the field it is at (<c>inventoryItems[3].variantId</c>, or <c>body</c>), or null when the document is acceptable.</summary>
    public static TextProblem? FindProblem(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        var path = new List<Segment>();
        var names = new List<List<string>?>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        Step(path);
                        path.Add(new Segment(null, -1));
                        names.Add(null);
                        break;
                    case JsonTokenType.StartArray:
                        Step(path);
                        path.Add(new Segment(null, -1) { InArray = true });
                        names.Add(null);
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        path.RemoveAt(path.Count - 1);
                        names.RemoveAt(names.Count - 1);
                        break;
                    case JsonTokenType.PropertyName:
                        if (PropertyName(ref reader) is not { } name)
                        {
                            return new TextProblem(Render(path), $"A property name at {Render(path)} contains an unpaired surrogate or bytes that are not UTF-8, which is not text");
                        }

                        var seen = names[^1] ??= [];
                        if (seen.Contains(name, StringComparer.Ordinal))
                        {
                            path[^1] = path[^1] with { Name = name };
                            return new TextProblem(Render(path), $"{Render(path)} is given twice in one object; give each property once");
                        }

                        seen.Add(name);
                        path[^1] = path[^1] with { Name = name };
                        if (TextRules.Problem(name, TextRules.TextLength) is { } badName)
                        {
                            return new TextProblem(Render(path), $"A property name at {Render(path)} {badName}");
                        }

                        break;
                    case JsonTokenType.String:
                        Step(path);
                        if (CheckString(ref reader, path) is { } problem)
                        {
                            return new TextProblem(Render(path), $"{Render(path)} {problem}");
                        }

                        break;
                    default:
                        Step(path);
                        break;
                }
            }
        }
        catch (JsonException exception)
        {
            return new TextProblem(BodyField, string.Create(CultureInfo.InvariantCulture,
                $"The request body is not valid JSON (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}): {FirstSentence(exception.Message)}"));
        }

        return null;
    }

    private static string? CheckString(ref Utf8JsonReader reader, List<Segment> path)
    {
        var maxLength = TextRules.MaxLengthOf(FieldName(path));
        var raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
        if (!reader.ValueIsEscaped)
        {
            // Unescaped JSON text holds no NUL (control characters must be escaped) and, when it is
            // UTF-8 at all, no unpaired surrogate: only its length needs counting.
            if (!Utf8.IsValid(raw))
            {
                return "is not UTF-8 text";
            }

            return raw.Length <= maxLength ? null : TextRules.Problem(Encoding.UTF8.GetString(raw), maxLength);
        }

        var buffer = ArrayPool<char>.Shared.Rent(raw.Length);
        try
        {
            var length = reader.CopyString(buffer);
            return TextRules.Problem(buffer.AsSpan(0, length), maxLength);
        }
        catch (InvalidOperationException)
        {
            // The reader refuses to unescape what is not text: an unpaired \uD800-\uDFFF, or bytes that are not UTF-8.
            return "contains an unpaired surrogate or bytes that are not UTF-8, which is not text";
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>The property's name; null when it is not text (an unpaired surrogate escape, bytes that are not UTF-8).</summary>
    private static string? PropertyName(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>A value inside an array moves the array's index on.</summary>
    private static void Step(List<Segment> path)
    {
        if (path.Count > 0 && path[^1].InArray)
        {
            path[^1] = path[^1] with { Index = path[^1].Index + 1 };
        }
    }

    /// <summary>The name a string is known by: its property, or, inside an array, the array's property.</summary>
    private static string FieldName(List<Segment> path)
    {
        for (var i = path.Count - 1; i >= 0; i--)
        {
            if (path[i].Name is { } name)
            {
                return name;
            }
        }

        return "";
    }

    private static string Render(List<Segment> path)
    {
        var text = new StringBuilder();
        foreach (var segment in path)
        {
            if (segment.InArray && segment.Index >= 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"[{segment.Index}]");
            }
            else if (segment.Name is { } name)
            {
                if (text.Length > 0)
                {
                    text.Append('.');
                }

                text.Append(name);
            }
        }

        return text.Length == 0 ? BodyField : text.ToString();
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        var sentence = end < 0 ? message : message[..end];
        end = sentence.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (end < 0 ? sentence : sentence[..end]).TrimEnd(' ', '|');
    }

    private sealed record Segment(string? Name, int Index)
    {
        public bool InArray { get; init; }
    }
}

/// <param name="Field">Where it is: a path into the body (<c>inventoryItems[3].variantId</c>), a route or query parameter, or <c>body</c>.</param>
/// <param name="Message">A sentence that names the field and says what is wrong with it.</param>
public sealed record TextProblem(string Field, string Message);
