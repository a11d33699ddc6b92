using InventoryGrains.Abstractions.Idempotency;
using InventoryGrains.Api.Edge.Idempotency;
using InventoryGrains.Hosting.Database;
using InventoryGrains.Testing;
using Microsoft.Extensions.Options;
using Npgsql;

namespace InventoryGrains.Api.Tests;

/// <summary>The idempotency key store on a real PostgreSQL: claims, answers, leases and expiry.</summary>
public sealed class PostgresIdempotencyStoreTests : IAsyncLifetime
{
    private static readonly byte[] Request = [1, 2, 3];
    private static readonly byte[] OtherRequest = [9, 9, 9];
    private TestDatabase _database = null!;
    private NpgsqlDataSource _dataSource = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _dataSource = InventoryDatabase.Create(_database.ConnectionString, 8, TimeSpan.FromSeconds(15));
    }

    public async Task DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await _database.DisposeAsync();
    }

    private PostgresIdempotencyStore Store(TimeSpan? retention = null) =>
        new(_dataSource, Options.Create(new IdempotencyOptions { Retention = retention ?? TimeSpan.FromHours(1) }));

    private static string NewKey() => $"key-{Guid.NewGuid():N}";

    [Fact]
    public async Task A_new_key_runs_a_final_answer_is_replayed_and_another_request_with_the_key_is_refused()
    {
        var (store, key) = (Store(), NewKey());
        Assert.Equal(IdempotencyClaimKind.Run, (await store.ClaimAsync("t", key, Request, default)).Kind);

        // A second front-end asks while the first still runs.
        Assert.Equal(IdempotencyClaimKind.InUse, (await Store().ClaimAsync("t", key, Request, default)).Kind);

        await store.CompleteAsync("t", key, new StoredResponse(200, "application/json", "{\"ok\":true}"u8.ToArray()), final: true, default);
        var replay = await Store().ClaimAsync("t", key, Request, default);
        Assert.Equal(IdempotencyClaimKind.Replay, replay.Kind);
        Assert.Equal((200, "application/json", "{\"ok\":true}"), (replay.Response!.Status, replay.Response.ContentType, System.Text.Encoding.UTF8.GetString(replay.Response.Body)));
        Assert.Equal(IdempotencyClaimKind.Reused, (await store.ClaimAsync("t", key, OtherRequest, default)).Kind);

        // The same key of another tenant is another key.
        Assert.Equal(IdempotencyClaimKind.Run, (await store.ClaimAsync("other", key, OtherRequest, default)).Kind);
    }

    [Fact]
    public async Task An_answer_with_unknown_outcomes_makes_the_repeat_run_again_as_a_repeat()
    {
        var (store, key) = (Store(), NewKey());
        await store.ClaimAsync("t", key, Request, default);
        await store.CompleteAsync("t", key, new StoredResponse(200, "application/json", "{}"u8.ToArray()), final: false, default);

        var repeat = await store.ClaimAsync("t", key, Request, default);

        Assert.Equal((IdempotencyClaimKind.Run, true), (repeat.Kind, repeat.Repeat));
        Assert.Equal(IdempotencyClaimKind.InUse, (await store.ClaimAsync("t", key, Request, default)).Kind);
    }

    [Fact]
    public async Task A_released_key_or_one_whose_lease_ran_out_is_taken_over()
    {
        var (store, key) = (Store(), NewKey());
        await store.ClaimAsync("t", key, Request, default);
        await store.ReleaseAsync("t", key, default);
        Assert.Equal((IdempotencyClaimKind.Run, true), ToTuple(await store.ClaimAsync("t", key, Request, default)));

        // The process that held it died: its lease is over.
        await _database.ScalarAsync<int>("UPDATE idempotency_requests SET lease_until = now() - interval '1 second' WHERE key = @key", ("key", key));
        Assert.Equal((IdempotencyClaimKind.Run, true), ToTuple(await Store().ClaimAsync("t", key, Request, default)));
    }

    [Fact]
    public async Task A_key_past_its_retention_is_free_again_and_the_cleanup_deletes_it()
    {
        var (store, key) = (Store(TimeSpan.FromSeconds(1)), NewKey());
        await store.ClaimAsync("t", key, Request, default);
        await store.CompleteAsync("t", key, new StoredResponse(200, null, []), final: true, default);
        await _database.ScalarAsync<int>("UPDATE idempotency_requests SET expires_at = now() - interval '1 second' WHERE key = @key", ("key", key));

        Assert.Equal((IdempotencyClaimKind.Run, false), ToTuple(await store.ClaimAsync("t", key, OtherRequest, default)));

        await _database.ScalarAsync<int>("UPDATE idempotency_requests SET expires_at = now() - interval '1 second' WHERE key = @key", ("key", key));
        Assert.True(await store.DeleteExpiredAsync(default) >= 1);
        Assert.Equal(0L, await _database.ScalarAsync<long>("SELECT count(*) FROM idempotency_requests WHERE key = @key", ("key", key)));
    }

    [Fact]
    public async Task Of_concurrent_first_requests_with_one_key_exactly_one_runs()
    {
        var key = NewKey();

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Store().ClaimAsync("t", key, Request, default)));

        Assert.Single(claims, c => c.Kind == IdempotencyClaimKind.Run);
        Assert.All(claims.Where(c => c.Kind != IdempotencyClaimKind.Run), c => Assert.Equal(IdempotencyClaimKind.InUse, c.Kind));
    }

    private static (IdempotencyClaimKind, bool) ToTuple(IdempotencyClaim claim) => (claim.Kind, claim.Repeat);
}
