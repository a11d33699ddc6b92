using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Abstractions.Inventory.Changes;
using InventoryGrains.Storage.GroupCommit;
using InventoryGrains.Storage.Items;
using Npgsql;
using NpgsqlTypes;
using Orleans.Storage;
using InventoryGrains.Domain.Items;
using InventoryGrains.Domain.Operations;

namespace InventoryGrains.Storage.PostgreSql;

/// <summary>
/// The item store on PostgreSQL. Writes from many item grains are gathered by a
/// <see cref="GroupCommitBatcher{TRequest, TResult}"/> and stored as one statement per batch
/// (<see cref="ItemStoreSql.WriteBatch"/>): typed item rows, version checked per row, with their
/// ledger rows in the same commit. Reads of activating items are gathered the same way.
/// </summary>
public sealed partial class PostgresItemStore : IItemStore, IItemChangeReader, IAsyncDisposable
{
    private readonly NpgsqlDataSource _database;
    private readonly IGrainStorageSerializer _serializer;
    private readonly TimeSpan _commandTimeout;
    private readonly GroupCommitBatcher<ItemRowWrite, long?> _writes;
    private readonly GroupCommitBatcher<ItemRowGroup, long[]?> _groupWrites;
    private readonly GroupCommitBatcher<ReadRequest, StoredItem?> _reads;

    public PostgresItemStore(NpgsqlDataSource database, IGrainStorageSerializer serializer, PostgresItemStoreOptions options, GroupCommitMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(options);
        _database = database;
        _serializer = serializer;
        _commandTimeout = options.CommandTimeout;
        _writes = new("write", options.Writes, distinctKeys: true, write => write.Key, CommitWritesAsync, metrics, PostgresFaults.IsRefusal);
        _groupWrites = new("group-write", options.GroupWrites, distinctKeys: false, group => group.Key, CommitGroupsAsync, metrics, PostgresFaults.IsRefusal);
        _reads = new("read", options.Reads, distinctKeys: false, read => read.Key, ReadManyAsync, metrics, PostgresFaults.IsRefusal);
    }

    public Task<StoredItem?> ReadAsync(ItemKey key, int recentChanges) => _reads.EnqueueAsync(new ReadRequest(key, recentChanges));

    public async Task<long> WriteAsync(ItemWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);

        // Serialized here, on the writer's thread, before anything is queued.
        var row = new ItemRowWrite(write, _serializer.Serialize(write.State).ToArray());
        return await _writes.EnqueueAsync(row) ?? throw new ItemVersionConflictException(write.Key, write.ExpectedVersion);
    }

    public async Task<IReadOnlyList<long>> WriteGroupAsync(IReadOnlyList<ItemWrite> writes)
    {
        ArgumentNullException.ThrowIfNull(writes);
        if (writes.Count == 0)
        {
            return [];
        }

        if (writes.DistinctBy(write => write.Key).Count() != writes.Count)
        {
            throw new ArgumentException("A group writes each item once.", nameof(writes));
        }

        var group = new ItemRowGroup([.. writes.Select(write => new ItemRowWrite(write, _serializer.Serialize(write.State).ToArray()))], []);
        return await _groupWrites.EnqueueAsync(group)
            ?? throw new ItemVersionConflictException(writes[0].Key, writes[0].ExpectedVersion);
    }

    public async Task ClearAsync(ItemKey key, long expectedVersion)
    {
        await using var lease = await _database.CommandWithinAsync(ItemStoreSql.Clear, _commandTimeout);
        var command = lease.Command;
        command.Parameters.AddWithValue("tenant", key.Tenant);
        command.Parameters.AddWithValue("item_id", key.ItemId);
        command.Parameters.AddWithValue("version", expectedVersion);
        if (await command.ExecuteNonQueryAsync() == 0)
        {
            throw new ItemVersionConflictException(key, expectedVersion);
        }
    }

    public Task<FeedPage> ReadFeedAsync(string tenant, string? position, int limit, CancellationToken cancellationToken = default) =>
        PostgresReads.RunAsync("Reading the change feed", token => ReadFeedCoreAsync(tenant, position, limit, token), cancellationToken);

    private async Task<FeedPage> ReadFeedCoreAsync(string tenant, string? position, int limit, CancellationToken cancellationToken)
    {
        var (tx, n) = ("0", 0);
        if (position is not null)
        {
            var parts = position.Split(':');
            if (parts.Length != 2 || !ulong.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _)
                || !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out n))
            {
                throw new ArgumentException("The feed position is not one this store gave.", nameof(position));
            }

            tx = parts[0];
        }

        await using var lease = await _database.CommandWithinAsync(ItemStoreSql.ReadFeed, _commandTimeout, cancellationToken);
        var command = lease.Command;
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("tx", tx);
        command.Parameters.AddWithValue("n", n);
        command.Parameters.AddWithValue("limit", limit);
        var changes = new List<FeedChange>();
        string? last = position;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            last = $"{reader.GetString(0)}:{reader.GetInt32(1).ToString(System.Globalization.CultureInfo.InvariantCulture)}";
            changes.Add(new FeedChange(reader.GetString(2), LedgerRows.Read(reader, 3)));
        }

        return new FeedPage(changes, last);
    }

    public Task<string?> ReadFeedEndAsync(string tenant, CancellationToken cancellationToken = default) =>
        PostgresReads.RunAsync("Reading the end of the change feed", token => ReadFeedEndCoreAsync(tenant, token), cancellationToken);

    private async Task<string?> ReadFeedEndCoreAsync(string tenant, CancellationToken cancellationToken)
    {
        await using var lease = await _database.CommandWithinAsync(ItemStoreSql.ReadFeedEnd, _commandTimeout, cancellationToken);
        var command = lease.Command;
        command.Parameters.AddWithValue("tenant", tenant);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? $"{reader.GetString(0)}:{reader.GetInt32(1).ToString(System.Globalization.CultureInfo.InvariantCulture)}"
            : null;
    }

    public Task<IReadOnlyList<ChangeLogEntry>> ReadChangesAsync(ItemKey key, long afterRevision, int limit, CancellationToken cancellationToken = default) =>
        PostgresReads.RunAsync("Reading the item's changes", token => ReadChangesCoreAsync(key, afterRevision, limit, token), cancellationToken);

    private async Task<IReadOnlyList<ChangeLogEntry>> ReadChangesCoreAsync(ItemKey key, long afterRevision, int limit, CancellationToken cancellationToken)
    {
        await using var lease = await _database.CommandWithinAsync(ItemStoreSql.ReadChanges, _commandTimeout, cancellationToken);
        var command = lease.Command;
        command.Parameters.AddWithValue("tenant", key.Tenant);
        command.Parameters.AddWithValue("item_id", key.ItemId);
        command.Parameters.AddWithValue("after", afterRevision);
        command.Parameters.AddWithValue("limit", limit);
        var changes = new List<ChangeLogEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            changes.Add(LedgerRows.Read(reader, 0));
        }

        return changes;
    }

    public async ValueTask DisposeAsync()
    {
        await _writes.DisposeAsync();
        await _reads.DisposeAsync();
    }

    /// <returns>Per write, its new version, or null when it lost its version check.</returns>
    private async Task<long?[]> CommitWritesAsync(IReadOnlyList<ItemRowWrite> batch, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenWithinAsync(_commandTimeout, cancellationToken);
        var written = await WriteRowsAsync(connection, batch, cancellationToken);
        var results = new long?[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            results[i] = written.Contains(batch[i].Key) ? (batch[i].ExpectedVersion ?? 0) + 1 : null;
        }

        return results;
    }

    /// <summary>
    /// Commits groups of writes, each all or nothing, in one transaction per round. A round takes the
    /// groups whose items (and reservation) no earlier group of the round writes (a statement updates
    /// a row once), runs the batch statements in a transaction, and commits only if every group it
    /// holds was written whole; a group that lost a version check on some row is dropped (its result
    /// null) and the round runs again without it, so nothing of it is kept.
    /// </summary>
    private async Task<long[]?[]> CommitGroupsAsync(IReadOnlyList<ItemRowGroup> batch, CancellationToken cancellationToken)
    {
        var results = new long[]?[batch.Count];
        var waiting = Enumerable.Range(0, batch.Count).ToList();
        await using var connection = await _database.OpenWithinAsync(_commandTimeout, cancellationToken);
        while (waiting.Count > 0)
        {
            var keys = new HashSet<ItemKey>();
            var reservations = new HashSet<(string, string)>();
            var round = new List<int>();
            var later = new List<int>();
            foreach (var index in waiting)
            {
                var group = batch[index];
                if (group.Rows.Any(row => keys.Contains(row.Key)) || group.Reservations.Any(row => reservations.Contains(row.Key)))
                {
                    later.Add(index);
                    continue;
                }

                keys.UnionWith(group.Rows.Select(row => row.Key));
                reservations.UnionWith(group.Reservations.Select(row => row.Key));

                round.Add(index);
            }

            while (round.Count > 0)
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                var rows = round.SelectMany(index => batch[index].Rows).ToList();
                rows.Sort(static (a, b) => ItemKey.Compare(a.Key, b.Key));
                var written = rows.Count > 0 ? await WriteRowsAsync(connection, rows, cancellationToken) : [];
                var reservationRows = round.SelectMany(index => batch[index].Reservations).ToList();
                reservationRows.Sort(static (a, b) => string.CompareOrdinal(a.Key.Item1, b.Key.Item1) is var byTenant and not 0 ? byTenant : string.CompareOrdinal(a.Key.Item2, b.Key.Item2));
                var writtenReservations = reservationRows.Count > 0 ? await WriteReservationRowsAsync(connection, reservationRows, cancellationToken) : [];
                var partial = round.Where(index =>
                {
                    var group = batch[index];
                    group.ConflictedReservation = group.Reservations.FirstOrDefault(row => !writtenReservations.Contains(row.Key))?.Write;
                    return group.ConflictedReservation is not null || !group.Rows.All(row => written.Contains(row.Key));
                }).ToList();
                if (partial.Count == 0)
                {
                    await transaction.CommitAsync(cancellationToken);
                    foreach (var index in round)
                    {
                        var group = batch[index];
                        results[index] = [.. group.Rows.Select(row => (row.ExpectedVersion ?? 0) + 1), .. group.Reservations.Select(row => (row.Write.ExpectedVersion ?? 0) + 1)];
                    }

                    break;
                }

                // Their results stay null: a version conflict, nothing of them kept.
                await transaction.RollbackAsync(cancellationToken);
                round.RemoveAll(partial.Contains);
            }

            waiting = later;
        }

        return results;
    }

    /// <summary>One batch statement on <paramref name="connection"/> (in its transaction, if any): the keys of the rows it wrote.</summary>
    private async Task<HashSet<ItemKey>> WriteRowsAsync(NpgsqlConnection connection, IReadOnlyList<ItemRowWrite> batch, CancellationToken cancellationToken)
    {
        var changes = batch.Sum(write => write.Changes.Length);
        var changeTenants = new string[changes];
        var changeItems = new string[changes];
        var changeRevisions = new long[changes];
        var changeReasons = new string[changes];
        var changeDialects = new string[changes];
        var changeOperationIds = new string?[changes];
        var changeTimes = new DateTime[changes];
        var changeFields = new string[changes];
        var changeOperations = new string?[changes];
        var changeReferences = new string?[changes];
        var c = 0;
        foreach (var write in batch)
        {
            foreach (var change in write.Changes)
            {
                changeTenants[c] = write.Key.Tenant;
                changeItems[c] = write.Key.ItemId;
                changeRevisions[c] = change.Revision;
                changeReasons[c] = change.Reason;
                changeDialects[c] = change.Dialect;
                changeOperationIds[c] = change.OperationId;
                changeTimes[c] = change.OccurredAt;
                changeFields[c] = change.Fields;
                changeOperations[c] = change.Operation;
                changeReferences[c] = change.Reference;
                c++;
            }
        }

        // Stock changes of existing items, the common case, need no insert.
        var sql = batch.Any(write => write.ExpectedVersion is null) ? ItemStoreSql.WriteBatch : ItemStoreSql.UpdateBatch;
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = (int)Math.Ceiling(_commandTimeout.TotalSeconds) };
        var p = command.Parameters;
        p.Add(Array("tenant", NpgsqlDbType.Text, batch.Select(w => w.Key.Tenant)));
        p.Add(Array("item_id", NpgsqlDbType.Text, batch.Select(w => w.Key.ItemId)));
        p.Add(Array("expected", NpgsqlDbType.Bigint, batch.Select(w => w.ExpectedVersion)));
        p.Add(Array("revision", NpgsqlDbType.Bigint, batch.Select(w => w.Revision)));
        p.Add(Array("variant_id", NpgsqlDbType.Text, batch.Select(w => w.VariantId)));
        p.Add(Array("product_id", NpgsqlDbType.Text, batch.Select(w => w.ProductId)));
        p.Add(Array("location_id", NpgsqlDbType.Text, batch.Select(w => w.LocationId)));
        p.Add(Array("track_quantity", NpgsqlDbType.Boolean, batch.Select(w => w.TrackQuantity)));
        p.Add(Array("quantity", NpgsqlDbType.Integer, batch.Select(w => w.Quantity)));
        p.Add(Array("in_stock", NpgsqlDbType.Boolean, batch.Select(w => w.InStock)));
        p.Add(Array("availability_status", NpgsqlDbType.Text, batch.Select(w => w.AvailabilityStatus)));
        p.Add(Array("preorder_enabled", NpgsqlDbType.Boolean, batch.Select(w => w.PreorderEnabled)));
        p.Add(Array("created_date", NpgsqlDbType.TimestampTz, batch.Select(w => w.CreatedDate)));
        p.Add(Array("updated_date", NpgsqlDbType.TimestampTz, batch.Select(w => w.UpdatedDate)));
        p.Add(Array("payload", NpgsqlDbType.Bytea, batch.Select(w => w.Payload)));
        p.Add(Array("deleted", NpgsqlDbType.Boolean, batch.Select(w => w.Deleted)));
        p.Add(Array("reserved", NpgsqlDbType.Integer, batch.Select(w => w.Reserved)));
        p.Add(Array("committed", NpgsqlDbType.Integer, batch.Select(w => w.Committed)));
        p.Add(Array("damaged", NpgsqlDbType.Integer, batch.Select(w => w.Damaged)));
        p.Add(Array("safety_stock", NpgsqlDbType.Integer, batch.Select(w => w.SafetyStock)));
        p.Add(Array("quality_control", NpgsqlDbType.Integer, batch.Select(w => w.QualityControl)));
        p.Add(Array("incoming", NpgsqlDbType.Integer, batch.Select(w => w.Incoming)));
        p.Add(new NpgsqlParameter<string[]>("c_tenant", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = changeTenants });
        p.Add(new NpgsqlParameter<string[]>("c_item_id", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = changeItems });
        p.Add(new NpgsqlParameter<long[]>("c_revision", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = changeRevisions });
        p.Add(new NpgsqlParameter<string[]>("c_reason", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = changeReasons });
        p.Add(new NpgsqlParameter<string[]>("c_dialect", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = changeDialects });
        p.Add(new NpgsqlParameter<string?[]>("c_operation_id", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = changeOperationIds });
        p.Add(new NpgsqlParameter<DateTime[]>("c_occurred_at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = changeTimes });
        p.Add(new NpgsqlParameter<string[]>("c_fields", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { TypedValue = changeFields });
        p.Add(new NpgsqlParameter<string?[]>("c_operation", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = changeOperations });
        p.Add(new NpgsqlParameter<string?[]>("c_reference", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = changeReferences });

        // Prepared explicitly, once per connection: an automatically prepared statement whose first
        // run fails between parse and bind is left marked prepared without its row description,
        // and its next run on that connection reads rows it does not expect.
        await command.PrepareAsync(cancellationToken);
        var written = new HashSet<ItemKey>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                written.Add(new ItemKey(reader.GetString(0), reader.GetString(1)));
            }
        }

        return written;
    }

    private async Task<StoredItem?[]> ReadManyAsync(IReadOnlyList<ReadRequest> batch, CancellationToken cancellationToken)
    {
        await using var lease = await _database.CommandWithinAsync(ItemStoreSql.ReadBatch, _commandTimeout, cancellationToken);
        var command = lease.Command;
        command.Parameters.Add(Array("tenant", NpgsqlDbType.Text, batch.Select(r => r.Key.Tenant)));
        command.Parameters.Add(Array("item_id", NpgsqlDbType.Text, batch.Select(r => r.Key.ItemId)));
        command.Parameters.Add(Array("recent", NpgsqlDbType.Integer, batch.Select(r => r.RecentChanges)));

        await command.PrepareAsync(cancellationToken);
        var found = new Dictionary<ItemKey, (long Version, byte[] Payload, AppliedOperation[] Operations)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                found[new ItemKey(reader.GetString(0), reader.GetString(1))] = (reader.GetInt64(2), reader.GetFieldValue<byte[]>(3), Operations(reader));
            }
        }

        // Each reader gets a state of its own, even when one batch asked for a key twice.
        return [.. batch.Select(read => found.TryGetValue(read.Key, out var row)
            ? new StoredItem(Deserialize(read.Key, row.Payload, row.Operations), row.Version)
            : null)];
    }

    private static AppliedOperation[] Operations(NpgsqlDataReader reader)
    {
        if (reader.IsDBNull(4))
        {
            return [];
        }

        var ids = reader.GetFieldValue<string[]>(4);
        var revisions = reader.GetFieldValue<long[]>(5);
        var times = reader.GetFieldValue<DateTime[]>(6);
        var operations = new AppliedOperation[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            operations[i] = new AppliedOperation(ids[i], revisions[i], new DateTimeOffset(times[i], TimeSpan.Zero));
        }

        return operations;
    }

    private InventoryItemState Deserialize(ItemKey key, byte[] payload, AppliedOperation[] operations)
    {
        var state = _serializer.Deserialize<InventoryItemState>(BinaryData.FromBytes(payload))
            ?? throw new InvalidDataException($"The stored state of item {key} is empty.");
        state.RecentOperations = operations;
        return state;
    }

    private static NpgsqlParameter<T[]> Array<T>(string name, NpgsqlDbType type, IEnumerable<T> values) =>
        new(name, NpgsqlDbType.Array | type) { TypedValue = [.. values] };

    private sealed record ReadRequest(ItemKey Key, int RecentChanges);

    /// <summary>The rows of one all-or-nothing group.</summary>
    /// <summary>A group of item writes, all or nothing, and the reservation written with them, if any.</summary>
    private sealed class ItemRowGroup(ItemRowWrite[] rows, ReservationRow[] reservations)
    {
        public ItemRowWrite[] Rows { get; } = rows;

        public ReservationRow[] Reservations { get; } = reservations;

        /// <summary>The batcher's partition key: the first item's, or the first reservation's when it writes no item.</summary>
        public ItemKey Key => Rows.Length > 0 ? Rows[0].Key : new ItemKey(Reservations[0].Write.Tenant, Reservations[0].Write.Reservation.Id);

        /// <summary>Set when the group was dropped because this reservation's version check failed.</summary>
        public Storage.Reservations.ReservationWrite? ConflictedReservation { get; set; }
    }
}
