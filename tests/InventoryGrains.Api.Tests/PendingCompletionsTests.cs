using InventoryGrains.Api.Edge.Idempotency;
using Microsoft.Extensions.Logging.Abstractions;

namespace InventoryGrains.Api.Tests;

public sealed class PendingCompletionsTests
{
    [Fact]
    public async Task An_answer_the_store_refused_is_stored_once_the_store_is_back()
    {
        var store = new StoreThatRefuses(failures: 3);
        var pending = new PendingCompletions(store, TimeProvider.System, NullLogger<PendingCompletions>.Instance);
        await pending.StartAsync(CancellationToken.None);
        try
        {
            var answer = new StoredResponse(200, "application/json", "{}"u8.ToArray());
            pending.Add("tenant", "key-1", answer, final: true);

            var stored = await store.Completed.Task.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(("tenant", "key-1", true), (stored.Tenant, stored.Key, stored.Final));
            Assert.Same(answer, stored.Response);
            Assert.Equal(4, store.Attempts);
        }
        finally
        {
            await pending.StopAsync(CancellationToken.None);
        }
    }

    private sealed class StoreThatRefuses(int failures) : IIdempotencyStore
    {
        private int _attempts;

        public int Attempts => Volatile.Read(ref _attempts);

        public TaskCompletionSource<(string Tenant, string Key, StoredResponse Response, bool Final)> Completed { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task CompleteAsync(string tenant, string key, StoredResponse response, bool final, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _attempts) <= failures)
            {
                throw new TimeoutException("the database is away");
            }

            Completed.TrySetResult((tenant, key, response, final));
            return Task.CompletedTask;
        }

        public Task<IdempotencyClaim> ClaimAsync(string tenant, string key, byte[] fingerprint, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task ReleaseAsync(string tenant, string key, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
