using System.Diagnostics.Metrics;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Hosting.Database;
using InventoryGrains.Storage.GroupCommit;
using InventoryGrains.Storage.Items;
using InventoryGrains.Storage.PostgreSql;
using InventoryGrains.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Serialization;
using Orleans.Storage;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Storage.Tests;

/// <summary>The contract on a real PostgreSQL, and what only batching can get wrong.</summary>
public sealed class PostgresItemStoreTests : ItemStoreContract, IAsyncLifetime, IDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly GroupCommitMetrics _metrics = new();
    private TestDatabase _database = null!;
    private PostgresItemStore _store = null!;
    private PostgresItemStore _second = null!;

    protected override IItemStore Store => _store;

    protected override IItemStore SecondStore => _second;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _store = NewStore(new PostgresItemStoreOptions());
        _second = NewStore(new PostgresItemStoreOptions());
    }

    public async Task DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }

        await _database.DisposeAsync();
    }

    public void Dispose() => _metrics.Dispose();

    [Fact]
    public async Task A_change_that_commits_after_a_later_one_is_still_met_by_a_feed_reader_that_read_in_between()
    {
        await using var connections = InventoryDatabase.Create(_database.ConnectionString, 8, TimeSpan.FromSeconds(15));
        const string Insert = """
            INSERT INTO inventory_item_changes (tenant, item_id, revision, n, reason, dialect, occurred_at, fields)
            VALUES (@t, @item, 1, 1, 'MANUAL', 'test', now(), '{}')
            """;

        // The slow writer takes its transaction id first and holds it open; the fast one commits.
        await using var slow = await connections.OpenConnectionAsync();
        await using var open = await slow.BeginTransactionAsync();
        await using (var first = new NpgsqlCommand(Insert, slow, open))
        {
            first.Parameters.AddWithValue("t", Tenant);
            first.Parameters.AddWithValue("item", "slow");
            await first.ExecuteNonQueryAsync();
        }

        await _database.ScalarAsync<int>(Insert + " RETURNING 1", ("t", Tenant), ("item", "fast"));

        // A reader now must not pass the fast change: that would put the slow one behind its cursor.
        var early = await _store.ReadFeedAsync(Tenant, null, 100);
        Assert.Empty(early.Changes);
        Assert.Null(await _store.ReadFeedEndAsync(Tenant));

        await open.CommitAsync();

        // Transactions of tests running alongside can hold the boundary for a moment longer.
        var later = await Eventually.ReturnsAsync(
            () => _store.ReadFeedAsync(Tenant, early.Position, 100), page => page.Changes.Count >= 2, TimeSpan.FromSeconds(30), "both changes to be readable");

        Assert.Equal(["slow", "fast"], later.Changes.Select(change => change.ItemId));
        Assert.Empty((await _store.ReadFeedAsync(Tenant, later.Position, 100)).Changes);
    }

    [Fact]
    public async Task The_feed_is_in_transaction_id_order_also_across_a_change_in_the_number_of_digits()
    {
        // Ids of long-finished transactions, chosen so that their text sorts differently: 10 < 9 < 100 as text.
        foreach (var (item, tx) in new[] { ("a", 9L), ("b", 10L), ("c", 100L), ("d", 99L) })
        {
            await _database.ScalarAsync<int>("""
                INSERT INTO inventory_item_changes (tenant, item_id, revision, n, reason, dialect, occurred_at, fields, tx)
                VALUES (@t, @item, 1, 1, 'MANUAL', 'test', now(), '{}', @tx::text::xid8)
                RETURNING 1
                """, ("t", Tenant), ("item", item), ("tx", tx));
        }

        var walked = new List<string>();
        string? position = null;
        for (var page = 0; page < 10; page++)
        {
            var next = await _store.ReadFeedAsync(Tenant, position, 1);
            if (next.Changes.Count == 0)
            {
                break;
            }

            walked.AddRange(next.Changes.Select(change => change.ItemId));
            position = next.Position;
        }

        Assert.Equal(["a", "b", "d", "c"], walked);
        Assert.Equal("100:1", await _store.ReadFeedEndAsync(Tenant));
    }

    protected override Task<IReadOnlyList<ChangeLogEntry>> LedgerAsync(ItemKey key) => _store.ReadChangesAsync(key, 0, 1000);

    [Fact]
    public async Task Concurrent_writes_of_many_items_are_committed_together_in_few_batches()
    {
        var batches = 0L;
        using var listener = CountBatches(() => Interlocked.Increment(ref batches));

        await Task.WhenAll(Enumerable.Range(0, 2000).Select(i => Store.WriteAsync(Write(Key($"many-{i}"), null, 1, i, Change(1, 0, i)))));

        Assert.InRange(Interlocked.Read(ref batches), 2, 1000);
        Assert.Equal(2000L, await _database.ScalarAsync<long>("SELECT count(*) FROM inventory_items WHERE tenant = @t", ("t", Tenant)));
        Assert.Equal(2000L, await _database.ScalarAsync<long>("SELECT count(*) FROM inventory_item_changes WHERE tenant = @t", ("t", Tenant)));
    }

    [Fact]
    public async Task Reads_of_many_activating_items_are_gathered_into_few_queries()
    {
        await Task.WhenAll(Enumerable.Range(0, 500).Select(i => Store.WriteAsync(Write(Key($"read-{i}"), null, 1, i, Change(1, 0, i)))));
        var batches = 0L;
        using var listener = CountBatches(() => Interlocked.Increment(ref batches), operation: "read");

        var read = await Task.WhenAll(Enumerable.Range(0, 500).Select(i => Store.ReadAsync(Key($"read-{i}"), recentChanges: 0)));

        Assert.Equal(Enumerable.Range(0, 500), read.Select(r => r!.State.Quantity));
        Assert.InRange(Interlocked.Read(ref batches), 1, 250);
    }

    [Fact]
    public async Task The_typed_columns_hold_the_fields_queries_filter_and_sort_on()
    {
        var key = Key("typed");
        var state = State("typed", 1, 0);
        state.PreorderEnabled = true;
        await Store.WriteAsync(new ItemWrite(key, null, state, [Change(1, 0, 0)]));

        var row = await _database.QueryAsync(
            "SELECT variant_id, product_id, location_id, track_quantity, quantity, in_stock, availability_status, preorder_enabled, revision, version, updated_date FROM inventory_items WHERE tenant = @t",
            r => (r.GetString(0), r.GetString(1), r.GetString(2), r.GetBoolean(3), r.GetInt32(4), r.GetBoolean(5), r.GetString(6), r.GetBoolean(7), r.GetInt64(8), r.GetInt64(9), r.GetFieldValue<DateTimeOffset>(10)),
            ("t", Tenant));

        Assert.Equal(("variant-typed", "product-1", "default", true, 0, false, "PREORDER", true, 1L, 1L, Now.AddSeconds(1)), Assert.Single(row));
    }

    [Fact]
    public async Task Two_writes_of_one_item_in_one_batch_are_not_merged_the_second_meets_the_first_ones_version()
    {
        var key = Key("twice");
        await Store.WriteAsync(Write(key, null, 1, 10, Change(1, 0, 10)));

        // Both queued while a blocked batch holds the only partition: without the rule they would share the next batch.
        var store = NewStore(new PostgresItemStoreOptions { Writes = new GroupCommitOptions { Partitions = 1 } });
        await using (var blocker = await LockRowAsync(Key("blocker")))
        {
            var blocked = store.WriteAsync(Write(Key("blocker"), 1, 2, 1, Change(2, 0, 1)));
            await WaitForLockWaitAsync();
            var first = store.WriteAsync(Write(key, 1, 2, 20, Change(2, 10, 20)));
            var second = store.WriteAsync(Write(key, 1, 2, 30, Change(2, 10, 30)));
            await blocker.CommitAsync();

            Assert.Equal(2L, await blocked);
            Assert.Equal(2L, await first);
            await Assert.ThrowsAsync<ItemVersionConflictException>(() => second);
        }

        Assert.Equal(20, (await store.ReadAsync(key, recentChanges: 0))!.State.Quantity);
        Assert.Equal(["10", "20"], (await LedgerAsync(key)).Select(c => c.Changes[0].After));
    }

    [Fact]
    public async Task A_batch_whose_commit_fails_stores_none_of_its_writes_and_acknowledges_none()
    {
        var existing = Enumerable.Range(0, 5).Select(i => Key($"kept-{i}")).ToList();
        foreach (var key in existing)
        {
            await Store.WriteAsync(Write(key, null, 1, 1, Change(1, 0, 1)));
        }

        // A ledger row for this item makes the whole statement fail, like any failed commit.
        await _database.ScalarAsync<int>("""
            CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF NEW.item_id = 'poison' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$;
            CREATE TRIGGER refuse_poison BEFORE INSERT ON inventory_item_changes FOR EACH ROW EXECUTE FUNCTION refuse_poison();
            """);
        var store = NewStore(new PostgresItemStoreOptions { Writes = new GroupCommitOptions { Partitions = 1 } });
        await using (var blocker = await LockRowAsync(Key("blocker")))
        {
            var blocked = store.WriteAsync(Write(Key("blocker"), 1, 2, 1, Change(2, 0, 1)));
            await WaitForLockWaitAsync();
            var batch = existing.Select(key => store.WriteAsync(Write(key, 1, 2, 2, Change(2, 1, 2))))
                .Append(store.WriteAsync(Write(Key("poison"), null, 1, 1, Change(1, 0, 1))))
                .Append(store.WriteAsync(Write(Key("new-one"), null, 1, 1, Change(1, 0, 1))))
                .ToList();
            await blocker.CommitAsync();
            await blocked;

            foreach (var write in batch)
            {
                await Assert.ThrowsAsync<PostgresException>(() => write);
            }
        }

        foreach (var key in existing)
        {
            Assert.Equal((1L, 1), ((await store.ReadAsync(key, recentChanges: 0))!.Version, (await store.ReadAsync(key, recentChanges: 0))!.State.Quantity));
            Assert.Single(await LedgerAsync(key));
        }

        Assert.Null(await store.ReadAsync(Key("new-one"), recentChanges: 0));
        Assert.Empty(await LedgerAsync(Key("new-one")));
    }

    [Fact]
    public async Task A_write_the_database_cannot_store_fails_alone_for_good_and_every_other_write_of_its_batch_is_stored()
    {
        var others = Enumerable.Range(0, 6).Select(i => Key($"neighbour-{i}")).ToList();
        var foreign = new ItemKey("another-tenant", "unstorable");
        var store = NewStore(new PostgresItemStoreOptions { Writes = new GroupCommitOptions { Partitions = 1 } });
        await using (var blocker = await LockRowAsync(Key("blocker")))
        {
            // Everything below queues behind the blocked batch, and so shares the next one.
            var blocked = store.WriteAsync(Write(Key("blocker"), 1, 2, 1, Change(2, 0, 1)));
            await WaitForLockWaitAsync();
            var unstorable = Write(foreign, null, 1, 1, Change(1, 0, 1));
            unstorable.State.VariantId = "variant\0with a NUL";
            var writes = others.Select(key => store.WriteAsync(Write(key, null, 1, 7, Change(1, 0, 7)))).ToList();
            var refused = store.WriteAsync(unstorable);
            await blocker.CommitAsync();
            await blocked;

            Assert.All(await Task.WhenAll(writes), version => Assert.Equal(1L, version));
            await Assert.ThrowsAsync<InventoryGrains.Abstractions.StorageRefusedException>(() => refused);
        }

        foreach (var key in others)
        {
            Assert.Equal(7, (await store.ReadAsync(key, recentChanges: 0))!.State.Quantity);
            Assert.Single(await LedgerAsync(key));
        }

        Assert.Null(await store.ReadAsync(foreign, recentChanges: 0));
        Assert.Empty(await LedgerAsync(foreign));
    }

    /// <summary>
    /// A connection that ran a statement the server refused at bind (here a JSON <c>\u0000</c> in a
    /// ledger field, refused as 22P05) serves the next statement: with the driver preparing
    /// statements by itself, the refused first run left the statement marked prepared without its
    /// row description, and the next write on that connection failed with "unexpected backend
    /// message DataRow".
    /// </summary>
    [Fact]
    public async Task After_a_refused_write_the_next_write_on_the_same_connection_succeeds_and_the_driver_reports_no_protocol_error()
    {
        using var logs = new CapturedNpgsqlLogs();
        var dataSource = InventoryDatabase.Create(_database.ConnectionString, 1, TimeSpan.FromSeconds(15), logs);
        var store = new PostgresItemStore(dataSource, Serializer(), new PostgresItemStoreOptions { Writes = new GroupCommitOptions { Partitions = 1 } }, _metrics);
        _owned.Add(dataSource);
        _owned.Add(store);

        for (var round = 0; round < 3; round++)
        {
            Assert.Equal(1L, await store.WriteAsync(Write(Key($"before-{round}"), null, 1, 1, Change(1, 0, 1))));
            var refused = Write(Key($"refused-{round}"), null, 1, 1) with
            {
                Changes = [new ChangeLogEntry(1, ChangeReason.Manual, "test", Now, [new FieldChange("preorderInfo.message", "null", "\"a\\u0000b\"")])],
            };
            await Assert.ThrowsAsync<InventoryGrains.Abstractions.StorageRefusedException>(() => store.WriteAsync(refused));
            Assert.Equal(1L, await store.WriteAsync(Write(Key($"after-{round}"), null, 1, 1, Change(1, 0, 1))));
        }

        Assert.DoesNotContain(logs.Lines, line => line.Contains("unexpected backend message", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Two connections for a crowd: writers of many items (a few with a value the database refuses),
    /// feed and ledger readers that give up at random moments, and a pool cleared now and then so
    /// connections keep starting fresh. The driver never reports a protocol error, every write
    /// answers stored or refused (never anything else), and the store holds exactly what was
    /// acknowledged.
    /// </summary>
    [Fact]
    public async Task Under_pool_exhaustion_and_cancellations_no_connection_is_shared_and_every_answer_is_right()
    {
        using var logs = new CapturedNpgsqlLogs();
        var dataSource = InventoryDatabase.Create(_database.ConnectionString, 2, TimeSpan.FromSeconds(30), logs);
        var store = new PostgresItemStore(dataSource, Serializer(), new PostgresItemStoreOptions(), _metrics);
        _owned.Add(dataSource);
        _owned.Add(store);
        var acknowledged = new System.Collections.Concurrent.ConcurrentDictionary<ItemKey, int>();
        var unexpected = new System.Collections.Concurrent.ConcurrentQueue<Exception>();

        // The crowd runs for its time and until enough writes were acknowledged to judge, however
        // slow the machine (a bound of a minute ends a run that makes no progress at all).
        var minimum = RunLength.Of(TimeSpan.FromSeconds(4));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        bool Running()
        {
            if (clock.Elapsed >= minimum && acknowledged.Count > 150)
            {
                stop.Cancel();
            }

            return !stop.IsCancellationRequested;
        }

        async Task WriterAsync(int writer)
        {
            var random = new Random(writer);
            for (var round = 0; Running(); round++)
            {
                var key = Key($"stress-{writer}-{round}");
                var write = Write(key, null, 1, round, Change(1, 0, round));
                var refusedOnPurpose = random.Next(20) == 0;
                if (refusedOnPurpose)
                {
                    write.State.VariantId = "nul\0inside";
                }

                try
                {
                    Assert.Equal(1L, await store.WriteAsync(write));
                    Assert.False(refusedOnPurpose);
                    acknowledged[key] = round;
                }
                catch (InventoryGrains.Abstractions.StorageRefusedException) when (refusedOnPurpose)
                {
                }
                catch (Exception exception)
                {
                    unexpected.Enqueue(exception);
                }
            }
        }

        async Task ReaderAsync(int reader)
        {
            var random = new Random(1000 + reader);
            while (Running())
            {
                using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(random.Next(0, 30)));
                try
                {
                    var page = await store.ReadFeedAsync(Tenant, null, 500, giveUp.Token);
                    Assert.All(page.Changes, change => Assert.StartsWith("stress-", change.ItemId, StringComparison.Ordinal));
                    await store.ReadChangesAsync(Key($"stress-{reader}-0"), 0, 10, giveUp.Token);
                }
                catch (OperationCanceledException)
                {
                }
                catch (InventoryGrains.Abstractions.StorageUnavailableException) when (giveUp.IsCancellationRequested)
                {
                }
                catch (Exception exception)
                {
                    unexpected.Enqueue(exception);
                }
            }
        }

        async Task ClearerAsync()
        {
            while (Running())
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200));
                dataSource.Clear();
            }
        }

        await Task.WhenAll([.. Enumerable.Range(0, 24).Select(WriterAsync), .. Enumerable.Range(0, 8).Select(ReaderAsync), ClearerAsync()]);

        Assert.Empty(unexpected);
        Assert.DoesNotContain(logs.Lines, line => line.Contains("unexpected backend message", StringComparison.OrdinalIgnoreCase) || line.Contains("while expecting", StringComparison.OrdinalIgnoreCase));
        Assert.True(acknowledged.Count > 100, $"only {acknowledged.Count} writes were acknowledged");
        foreach (var (key, quantity) in acknowledged)
        {
            Assert.Equal(quantity, (await store.ReadAsync(key, recentChanges: 0))!.State.Quantity);
        }

        Assert.Equal(acknowledged.Count, await _database.ScalarAsync<long>("SELECT count(*) FROM inventory_items WHERE tenant = @t AND item_id LIKE 'stress-%'", ("t", Tenant)));
    }

    private PostgresItemStore NewStore(PostgresItemStoreOptions options)
    {
        var dataSource = InventoryDatabase.Create(_database.ConnectionString, 8, TimeSpan.FromSeconds(15));
        var store = new PostgresItemStore(dataSource, Serializer(), options, _metrics);
        _owned.Add(dataSource);
        _owned.Add(store);
        return store;
    }

    /// <summary>
    /// Creates the item and holds its row lock in an open transaction: the next batch that writes it
    /// waits, and every write queued meanwhile gathers behind it. Committing the transaction releases it.
    /// </summary>
    private async Task<NpgsqlTransaction> LockRowAsync(ItemKey key)
    {
        await Store.WriteAsync(Write(key, null, 1, 0, Change(1, 0, 0)));
        var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var lockRow = new NpgsqlCommand("SELECT 1 FROM inventory_items WHERE tenant = @t AND item_id = @i FOR UPDATE", connection, transaction);
        lockRow.Parameters.AddWithValue("t", key.Tenant);
        lockRow.Parameters.AddWithValue("i", key.ItemId);
        await lockRow.ExecuteScalarAsync();
        _owned.Add(connection);
        return transaction;
    }

    private Task WaitForLockWaitAsync() => Eventually.HoldsAsync(
        async () => await _database.ScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") > 0,
        TimeSpan.FromSeconds(10),
        "the blocked batch to wait for the row lock");

    /// <summary>Counts the batches of this test's stores (their own instruments, not other tests').</summary>
    private MeterListener CountBatches(Action onBatch, string operation = "write")
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument, _metrics.BatchSize))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<int>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: GroupCommitMetrics.OperationTag } && (string?)tag.Value == operation)
                {
                    onBatch();
                }
            }
        });
        listener.Start();
        return listener;
    }

    /// <summary>
    /// A database filled by the schema before quantities by state (every script before 009): its
    /// items read back with every quantity 0 but available, its changes without an operation, and
    /// both are written on as usual once the schema is applied again.
    /// </summary>
    [Fact]
    public async Task Items_and_changes_stored_before_quantities_by_state_read_as_every_quantity_0_but_available()
    {
        await using var database = await TestDatabase.CreateAsync(applySchema: false);
        await using (var connection = new Npgsql.NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            foreach (var script in InventoryGrains.Hosting.Database.DatabaseSchema.ScriptNames.Where(name => string.CompareOrdinal(name, "009") < 0))
            {
                await using var command = new Npgsql.NpgsqlCommand(InventoryGrains.Hosting.Database.DatabaseSchema.ReadScript(script), connection);
                await command.ExecuteNonQueryAsync();
            }
        }

        var key = new ItemKey("shop-old", "old-item");
        var payload = Serializer().Serialize(State(key.ItemId, 2, 7)).ToArray();
        await database.ScalarAsync<int>("""
            INSERT INTO inventory_items (tenant, item_id, version, revision, variant_id, product_id, location_id, track_quantity,
                                         quantity, in_stock, availability_status, preorder_enabled, created_date, updated_date, payload)
            VALUES ('shop-old', 'old-item', 2, 2, 'variant-old-item', 'product-1', 'default', true, 7, false, 'IN_STOCK', false, now(), now(), @payload)
            """, ("payload", payload));
        await database.ScalarAsync<int>("""
            INSERT INTO inventory_item_changes (tenant, item_id, revision, n, reason, dialect, operation_id, occurred_at, fields)
            VALUES ('shop-old', 'old-item', 2, 1, 'ORDER', 'wix', NULL, now(), '{"quantity": {"before": 8, "after": 7}}')
            """);

        await InventoryGrains.Hosting.Database.DatabaseSchema.ApplyAsync(database.ConnectionString);

        var dataSource = InventoryDatabase.Create(database.ConnectionString, 2, TimeSpan.FromSeconds(15));
        var store = new PostgresItemStore(dataSource, Serializer(), new PostgresItemStoreOptions(), _metrics);
        _owned.Add(dataSource);
        _owned.Add(store);
        var stored = (await store.ReadAsync(key, recentChanges: 10))!;
        Assert.Equal(new ItemQuantities(7, 0, 0, 0, 0, 0, 0), stored.State.Quantities);
        var old = Assert.Single(await store.ReadChangesAsync(key, 0, 10));
        Assert.Equal((ChangeReason.Order, (ItemOperation?)null, (string?)null), (old.Reason, old.Operation, old.Reference));
        Assert.Equal(0, await database.ScalarAsync<int>("SELECT reserved + committed + damaged + safety_stock + quality_control + incoming FROM inventory_items"));

        var received = State(key.ItemId, 3, 7);
        received.Incoming = 4;
        Assert.Equal([3L], await store.WriteGroupAsync([new ItemWrite(key, 2, received, [Change(3, 0, 4) with { Operation = ItemOperation.Adjust, Changes = [new("incoming", "0", "4")] }])]));
        Assert.Equal(4, await database.ScalarAsync<int>("SELECT incoming FROM inventory_items"));
        Assert.Equal("adjust", await database.ScalarAsync<string>("SELECT operation FROM inventory_item_changes WHERE revision = 3"));
    }

    private static OrleansGrainStorageSerializer Serializer()
    {
        var services = new ServiceCollection().AddSerializer(builder => builder.AddAssembly(typeof(InventoryItemState).Assembly)).BuildServiceProvider();
        return new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>());
    }

    /// <summary>Every line Npgsql logs, at every level (a broken connection is logged at Trace).</summary>
    private sealed class CapturedNpgsqlLogs : ILoggerFactory, ILoggerProvider
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

        public IReadOnlyCollection<string> Lines => _lines;

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }

        private sealed class Logger(string category, System.Collections.Concurrent.ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{category} [{logLevel}] {formatter(state, exception)} {exception}");
        }
    }
}
