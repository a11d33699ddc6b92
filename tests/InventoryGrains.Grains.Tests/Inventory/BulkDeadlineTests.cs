using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Grains.Inventory;
using InventoryGrains.Storage.Items;
using InventoryGrains.Testing;
using Microsoft.Extensions.DependencyInjection;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Grains.Tests.Inventory;

/// <summary>A cluster whose bulks wait at most half a second for their items.</summary>
public sealed class ShortDeadlineClusterFixture : InventoryClusterFixture
{
    public static readonly TimeSpan Deadline = TimeSpan.FromMilliseconds(500);

    protected override void ConfigureServices(IServiceCollection services) =>
        services.Configure<BulkCoordinatorOptions>(options => options.Deadline = Deadline);
}

/// <summary>
/// A bulk answers by its deadline: an item that does not answer (its silo died or hangs) costs its
/// own entry an <c>UNAVAILABLE</c>, not the whole request its wait; the other entries keep their
/// answers.
/// </summary>
public sealed class BulkDeadlineTests(ShortDeadlineClusterFixture fixture) : IClassFixture<ShortDeadlineClusterFixture>
{
    private static readonly ChangeContext Manual = new(ChangeReason.Manual, "test") { ReturnItem = false };
    private readonly string _tenant = $"deadline-{Guid.NewGuid():N}";

    [Fact]
    public async Task An_item_that_does_not_answer_by_the_deadline_is_unavailable_and_the_others_are_answered()
    {
        var coordinator = fixture.Grains.GetGrain<IBulkCoordinatorGrain>(0);
        var ids = new[] { "fast-1", "stuck", "fast-2" };
        var created = await coordinator.ExecuteAsync(_tenant, [.. ids.Select(id => new ItemCommand(id, new CreateInventoryItem { VariantId = id, Quantity = 5 }))], Manual);
        Assert.All(created, result => Assert.True((result is ItemApplied)));

        var stuck = new ItemKey(_tenant, "stuck");
        var release = new TaskCompletionSource();
        fixture.Items.BeforeWrite = key => key == stuck ? release.Task : Task.CompletedTask;
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var results = await coordinator.ExecuteAsync(_tenant, [.. ids.Select(id => new ItemCommand(id, new IncrementInventory(1)))], Manual);
            var waited = clock.Elapsed;

            Assert.IsType<ItemApplied>(results[0]);
            Assert.Equal(InventoryErrorCode.Unavailable, (results[1] as ItemRejected)?.Code);
            Assert.IsType<ItemApplied>(results[2]);
            Assert.True(waited < TimeSpan.FromSeconds(5), $"the bulk waited {waited}, past its deadline of {ShortDeadlineClusterFixture.Deadline}");
        }
        finally
        {
            release.SetResult();
            fixture.Items.BeforeWrite = null;
        }
    }

    [Fact]
    public async Task Entries_of_an_item_after_one_left_waiting_at_the_deadline_are_not_sent()
    {
        var coordinator = fixture.Grains.GetGrain<IBulkCoordinatorGrain>(0);
        var created = await coordinator.ExecuteAsync(_tenant, [new ItemCommand("chained", new CreateInventoryItem { VariantId = "chained", Quantity = 5 })], Manual);
        Assert.IsType<ItemApplied>(created[0]);

        var key = new ItemKey(_tenant, "chained");
        var release = new TaskCompletionSource();
        fixture.Items.BeforeWrite = written => written == key ? release.Task : Task.CompletedTask;
        try
        {
            var results = await coordinator.ExecuteAsync(_tenant, [new ItemCommand("chained", new IncrementInventory(1)), new ItemCommand("chained", new IncrementInventory(10))], Manual);
            Assert.All(results, result => Assert.Equal(InventoryErrorCode.Unavailable, (result as ItemRejected)?.Code));
        }
        finally
        {
            release.SetResult();
            fixture.Items.BeforeWrite = null;
        }

        // The first increment was in flight and lands; the second was never sent.
        var item = await Eventually.ReturnsAsync(
            () => fixture.Grains.GetGrain<IInventoryItemGrain>(InventoryItemKey.Format(_tenant, "chained")).GetAsync(),
            result => result?.Revision == 2, TimeSpan.FromSeconds(10), "the write in flight to land");
        Assert.Equal(6, item!.Quantity);
    }
}
