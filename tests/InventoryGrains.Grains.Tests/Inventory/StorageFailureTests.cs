using InventoryGrains.Abstractions;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Grains.Tests.Inventory;

/// <summary>
/// A storage failure reaches the caller of a grain as an error Orleans can carry: a driver's own
/// exception would arrive as a codec error, which the API could only answer with a 500.
/// </summary>
public sealed class StorageFailureTests : IClassFixture<InventoryClusterFixture>, IDisposable
{
    private readonly InventoryClusterFixture _fixture;

    public StorageFailureTests(InventoryClusterFixture fixture)
    {
        _fixture = fixture;
    }

    public void Dispose() => _fixture.Items.FailReadsLikeADriver = false;

    [Fact]
    public async Task An_item_that_cannot_be_read_answers_its_caller_with_storage_unavailable()
    {
        _fixture.Items.FailReadsLikeADriver = true;
        var item = _fixture.Grains.GetGrain<IInventoryItemGrain>(InventoryItemKey.Format("storage-failure", Guid.NewGuid().ToString()));

        var failure = await Assert.ThrowsAnyAsync<Exception>(item.GetAsync);

        var causes = new List<Exception>();
        for (Exception? cause = failure; cause is not null; cause = cause.InnerException)
        {
            causes.Add(cause);
        }

        Assert.Contains(causes, cause => cause is StorageUnavailableException);
        Assert.DoesNotContain(causes, cause => cause.GetType().Name.Contains("Codec", StringComparison.Ordinal));
    }
}
