using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using InventoryGrains.Abstractions.Inventory.Queries;
using InventoryGrains.Api.Edge.Cursors;

namespace InventoryGrains.Api.Dialects.Wix;

/// <summary>
/// The cursor of a page: the whole query that continues after it, because the SDK's <c>next()</c>
/// sends the cursor and a limit only. Base64url (unpadded) of UTF-8 JSON:
/// <c>{"v":1,"filter":{…Wix filter…},"sort":[{"fieldName","order"}],"limit":n,"after":{"keys":[…],"id":"…"}}</c>.
/// It is read back with the same parser as a request, so a cursor can express nothing a request
/// could not. What the caller holds is that text sealed (<see cref="CursorSeal"/>) for the tenant:
/// opaque, and one that was edited, made up or given to another tenant is a 400.
/// </summary>
public static class WixQueryCursor
{
    private const string Route = "wix-query";

    /// <summary>The seal of one tenant's cursors.</summary>
    public sealed record TenantSeal(CursorSeal Seal, string Tenant);

    private const int Version = 1;
    private const string InvalidPrefix = "The cursor is not valid: ";

    /// <summary>A cursor longer than this is not one of ours (Wix documents at most 16,000 characters; a long $in list can take more).</summary>
    private const int MaxLength = 200_000;

    public static string Encode(ItemQuery query, ItemPosition after, TenantSeal seal)
    {
        ArgumentNullException.ThrowIfNull(seal);
        return seal.Seal.Seal(Route, seal.Tenant, EncodePlain(query, after));
    }

    private static string EncodePlain(ItemQuery query, ItemPosition after)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(after);
        var sort = query.EffectiveSort;
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("v", Version);
            if (query.Filter is { } filter)
            {
                json.WritePropertyName("filter");
                WriteFilter(json, filter);
            }

            json.WriteStartArray("sort");
            foreach (var key in sort)
            {
                json.WriteStartObject();
                json.WriteString("fieldName", WixQueryParser.WixName(key.Field));
                json.WriteString("order", key.Direction == SortDirection.Ascending ? "ASC" : "DESC");
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteNumber("limit", query.Limit);
            json.WriteStartObject("after");
            json.WriteStartArray("keys");
            foreach (var key in after.Keys)
            {
                WriteValue(json, key);
            }

            json.WriteEndArray();
            json.WriteString("id", after.Id);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Base64Url.EncodeToString(buffer.WrittenSpan);
    }

    /// <summary>The query a cursor continues, positioned after its page.</summary>
    /// <exception cref="WixQueryException">The text is not a cursor of a well-formed query.</exception>
    public static ItemQuery Decode(string cursor, string path, TenantSeal seal)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        ArgumentNullException.ThrowIfNull(seal);
        if (cursor.Length > MaxLength || !seal.Seal.TryOpen(Route, seal.Tenant, cursor, out var plain))
        {
            throw Invalid(path, "it is not a cursor this service gave you");
        }

        return DecodePlain(plain, path);
    }

    private static ItemQuery DecodePlain(string cursor, string path)
    {
        byte[] bytes;
        try
        {
            bytes = cursor.Length <= MaxLength ? Base64Url.DecodeFromChars(cursor) : throw new FormatException();
        }
        catch (FormatException)
        {
            throw Invalid(path, "it is not base64url");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException)
        {
            throw Invalid(path, "it does not hold JSON");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || WixQueryParser.Optional(root, "v") is not { ValueKind: JsonValueKind.Number } version || !version.TryGetInt32(out var number) || number != Version)
            {
                throw Invalid(path, "it is not a cursor of this service");
            }

            try
            {
                var filter = WixQueryParser.Optional(root, "filter") is { } filterElement ? WixQueryParser.Filter(filterElement, path) : null;
                var sort = WixQueryParser.Sort(WixQueryParser.Optional(root, "sort") ?? default, path);
                var limit = WixQueryParser.Optional(root, "limit") is { } limitElement ? WixQueryParser.Limit(limitElement, path) : throw Invalid(path, "it has no limit");
                var query = new ItemQuery(filter, sort, limit);
                var after = Position(WixQueryParser.Optional(root, "after"), query.EffectiveSort, path);
                query = query with { After = after };
                return ItemQueryRules.Check(query) is { } problem ? throw Invalid(path, problem) : query;
            }
            catch (WixQueryException exception) when (!exception.Message.StartsWith(InvalidPrefix, StringComparison.Ordinal))
            {
                throw Invalid(path, exception.Message);
            }
        }
    }

    private static ItemPosition Position(JsonElement? element, IReadOnlyList<ItemSort> sort, string path)
    {
        if (element is not { ValueKind: JsonValueKind.Object } after
            || WixQueryParser.Optional(after, "keys") is not { ValueKind: JsonValueKind.Array } keys
            || WixQueryParser.Optional(after, "id") is not { ValueKind: JsonValueKind.String } id
            || keys.GetArrayLength() != sort.Count)
        {
            throw Invalid(path, "its position does not fit its order");
        }

        var values = keys.EnumerateArray().Select((key, i) => WixQueryParser.Value(sort[i].Field, key, path)).ToList();
        return new ItemPosition(values, id.GetString()!);
    }

    private static void WriteFilter(Utf8JsonWriter json, ItemFilter filter)
    {
        json.WriteStartObject();
        switch (filter)
        {
            case AllOfFilter { Filters.Count: 0 }:
                break;
            case AllOfFilter all:
                json.WriteStartArray("$and");
                foreach (var part in all.Filters)
                {
                    WriteFilter(json, part);
                }

                json.WriteEndArray();
                break;
            case AnyOfFilter any:
                json.WriteStartArray("$or");
                foreach (var part in any.Filters)
                {
                    WriteFilter(json, part);
                }

                json.WriteEndArray();
                break;
            case NotFilter not:
                json.WritePropertyName("$not");
                WriteFilter(json, not.Filter);
                break;
            case FieldFilter condition:
                json.WriteStartObject(WixQueryParser.WixName(condition.Field));
                json.WritePropertyName(condition.Operator switch
                {
                    FilterOperator.Eq => "$eq",
                    FilterOperator.Ne => "$ne",
                    FilterOperator.Gt => "$gt",
                    FilterOperator.Gte => "$gte",
                    FilterOperator.Lt => "$lt",
                    FilterOperator.Lte => "$lte",
                    FilterOperator.In => "$in",
                    FilterOperator.NotIn => "$nin",
                    FilterOperator.Exists => "$exists",
                    _ => "$startsWith",
                });
                if (condition.Operator is FilterOperator.In or FilterOperator.NotIn)
                {
                    json.WriteStartArray();
                    foreach (var operand in condition.Operands)
                    {
                        WriteValue(json, operand);
                    }

                    json.WriteEndArray();
                }
                else
                {
                    WriteValue(json, condition.Operands[0]);
                }

                json.WriteEndObject();
                break;
            default:
                throw new ArgumentException($"Unknown filter {filter.GetType().Name}.", nameof(filter));
        }

        json.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter json, ItemValue? value)
    {
        switch (value?.Type)
        {
            case null:
                json.WriteNullValue();
                break;
            case ItemValueType.Boolean:
                json.WriteBooleanValue(value.Boolean);
                break;
            case ItemValueType.Number:
                json.WriteNumberValue(value.Number);
                break;
            default:
                // Text as is; a time in ISO 8601 at microseconds, what the stores compare at.
                json.WriteStringValue(value.ToString());
                break;
        }
    }

    private static WixQueryException Invalid(string path, string why) => new(path, $"{InvalidPrefix}{why}. Start again without a cursor.");
}
