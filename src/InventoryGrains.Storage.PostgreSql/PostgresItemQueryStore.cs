using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Abstractions.Inventory.Queries;
using InventoryGrains.Storage.Items;
using Npgsql;
using Orleans.Storage;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Storage.PostgreSql;

/// <summary>
/// Item queries on PostgreSQL: one parameterised statement per page, count or aggregation over the
/// typed columns of <c>inventory_items</c> (<see cref="ItemQuerySql"/>), items decoded from their
/// stored state as the item store reads them. Pages are keyset pages (never OFFSET): the default
/// order and creation order are served by <c>inventory_items_created_c</c>, a location filter in
/// those orders by <c>inventory_items_location_created_c</c> (<c>sql/007-inventory-item-queries.sql</c>).
/// </summary>
/// <param name="database">
/// A pool of the queries' own, apart from the item store's: a slow query never holds a connection a
/// batch of writes waits for, and the many shapes of query statements never push the store's
/// prepared statements out of a connection's cache.
/// </param>
public sealed class PostgresItemQueryStore(NpgsqlDataSource database, IGrainStorageSerializer serializer, TimeSpan commandTimeout) : IItemQueryStore
{
    private readonly int _commandTimeoutSeconds = (int)Math.Ceiling(commandTimeout.TotalSeconds);

    public Task<ItemPage> QueryAsync(string tenant, ItemQuery query, CancellationToken cancellationToken = default)
    {
        ItemQueryArguments.Check(tenant, query);
        return PostgresReads.RunAsync("Querying items", token => QueryCoreAsync(tenant, query, token), cancellationToken);
    }

    private async Task<ItemPage> QueryCoreAsync(string tenant, ItemQuery query, CancellationToken cancellationToken)
    {
        var sql = new ItemQuerySql();

        // One more than the page: whether another page follows, without a second query.
        await using var command = Command(sql, sql.Page(tenant, query, query.Limit + 1));
        var items = new List<InventoryItem>(Math.Min(query.Limit + 1, 64));
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(Decode(reader.GetFieldValue<byte[]>(0)));
            }
        }

        if (items.Count <= query.Limit)
        {
            return new ItemPage(items, null);
        }

        items.RemoveAt(query.Limit);
        return new ItemPage(items, ItemQueryArguments.PositionOf(items[^1], query.EffectiveSort));
    }

    public Task<long> CountAsync(string tenant, ItemFilter? filter, CancellationToken cancellationToken = default)
    {
        ItemQueryArguments.Check(tenant, filter);
        return PostgresReads.RunAsync("Counting items", token => CountCoreAsync(tenant, filter, token), cancellationToken);
    }

    private async Task<long> CountCoreAsync(string tenant, ItemFilter? filter, CancellationToken cancellationToken)
    {
        var sql = new ItemQuerySql();
        await using var command = Command(sql, sql.Count(tenant, filter));
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyList<AggregationResult>> AggregateAsync(
        string tenant, ItemFilter? filter, IReadOnlyList<ItemAggregation> aggregations, CancellationToken cancellationToken = default)
    {
        ItemQueryArguments.Check(tenant, filter, aggregations);
        var results = new List<AggregationResult>(aggregations.Count);
        foreach (var aggregation in aggregations)
        {
            results.Add(await PostgresReads.RunAsync("Aggregating items", token => AggregateAsync(tenant, filter, aggregation, token), cancellationToken));
        }

        return results;
    }

    /// <summary>The statement of a page and its parameters, to look at its plan (<c>EXPLAIN</c>).</summary>
    internal static (string Sql, IReadOnlyList<NpgsqlParameter> Parameters) PageStatement(string tenant, ItemQuery query)
    {
        var sql = new ItemQuerySql();
        return (sql.Page(tenant, query, query.Limit + 1), sql.Parameters);
    }

    private async Task<AggregationResult> AggregateAsync(string tenant, ItemFilter? filter, ItemAggregation aggregation, CancellationToken cancellationToken)
    {
        var sql = new ItemQuerySql();
        switch (aggregation)
        {
            case ValueAggregation value:
            {
                await using var command = Command(sql, sql.Values(tenant, filter, value));
                var counts = new List<ValueCount>();
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    counts.Add(new ValueCount(ReadValue(reader, 0, ItemFields.TypeOf(value.Field)), reader.GetInt64(1)));
                }

                return new ValueAggregationResult(counts);
            }

            case RangeAggregation range:
            {
                await using var command = Command(sql, sql.Ranges(tenant, filter, range));
                var counts = new long[range.Buckets.Count];
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    counts[reader.GetInt32(0)] = reader.GetInt64(1);
                }

                return new RangeAggregationResult(counts);
            }

            case ScalarAggregation scalar:
            {
                await using var command = Command(sql, sql.Scalar(tenant, filter, scalar));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                if (reader.IsDBNull(0))
                {
                    return new ScalarAggregationResult(null);
                }

                return new ScalarAggregationResult(scalar.Kind == ScalarKind.Avg
                    ? reader.GetInt64(1) == 0 ? null : (double)reader.GetInt64(0) / reader.GetInt64(1)
                    : reader.GetInt64(0));
            }

            default:
                throw new ArgumentException($"Unknown aggregation {aggregation.GetType().Name}.", nameof(aggregation));
        }
    }

    private NpgsqlCommand Command(ItemQuerySql sql, string text)
    {
        var command = database.CreateCommand(text);
        command.CommandTimeout = _commandTimeoutSeconds;
        foreach (var parameter in sql.Parameters)
        {
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private InventoryItem Decode(byte[] payload) =>
        (serializer.Deserialize<InventoryItemState>(BinaryData.FromBytes(payload))
            ?? throw new InvalidDataException("A stored item state is empty.")).ToItem();

    private static ItemValue ReadValue(NpgsqlDataReader reader, int ordinal, ItemValueType type) => type switch
    {
        ItemValueType.Text => ItemValue.Of(reader.GetString(ordinal)),
        ItemValueType.Boolean => ItemValue.Of(reader.GetBoolean(ordinal)),
        ItemValueType.Number => ItemValue.Of(Convert.ToInt64(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture)),
        _ => ItemValue.Of(new DateTimeOffset(reader.GetFieldValue<DateTime>(ordinal))),
    };
}
