using InventoryGrains.Abstractions;
using InventoryGrains.Abstractions.Identifiers;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Grains.Identifiers;
using InventoryGrains.Grains.Tests.Inventory;
using InventoryGrains.Testing;
using Microsoft.Extensions.DependencyInjection;
using InventoryGrains.Domain.Items;
using InventoryGrains.Domain.Identifiers;

namespace InventoryGrains.Grains.Tests.Identifiers;

/// <summary>A cluster whose pending identifier claims expire quickly.</summary>
public sealed class ShortClaimTimeoutClusterFixture : InventoryClusterFixture
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    protected override void ConfigureServices(IServiceCollection services) =>
        services.Configure<IdentifierIndexOptions>(options => options.PendingClaimTimeout = Timeout);
}

public sealed class PendingClaimTests(ShortClaimTimeoutClusterFixture fixture) : IClassFixture<ShortClaimTimeoutClusterFixture>
{
    private static readonly ChangeContext Context = new(ChangeReason.Manual, "test");
    private readonly string _tenant = $"tenant-{Guid.NewGuid():N}";

    private Task<IReadOnlyList<ItemOutcome>> CreateAsync(string sku) =>
        fixture.Grains.GetGrain<IBulkCoordinatorGrain>(0).ExecuteByIdentifierAsync(_tenant,
            [new IdentifiedCommand("default", [new ItemIdentifier(IdentifierKind.Sku, sku)], IdentifiedMode.Create, new CreateInventoryItem { VariantId = Guid.NewGuid().ToString() }, null)],
            Context);

    [Fact]
    public async Task A_claim_left_by_a_create_whose_item_could_not_be_stored_expires_and_is_taken_by_the_next_create()
    {
        fixture.Storage.FailWritesFor = id => id.Type.ToString() == "inventoryitem";
        var sinceClaim = System.Diagnostics.Stopwatch.StartNew();
        IReadOnlyList<ItemOutcome> failed;
        try
        {
            failed = await CreateAsync("lost-create");
        }
        finally
        {
            fixture.Storage.FailWritesFor = null;
        }

        Assert.Equal(InventoryErrorCode.Unavailable, failed[0].Rejected().Code);

        // The outcome was unknown, so the claim stays pending for a while: a new create is refused…
        var early = await CreateAsync("lost-create");
        if (sinceClaim.Elapsed < ShortClaimTimeoutClusterFixture.Timeout)
        {
            Assert.Equal(InventoryErrorCode.DuplicateIdentifier, early[0].Rejected().Code);
        }

        // …until it expires; the item it named never came to exist, so the claim is taken over.
        var taken = await Eventually.ReturnsAsync(() => CreateAsync("lost-create"), r => (r[0] is ItemApplied), TimeSpan.FromSeconds(10), "the expired claim to be taken");
        Assert.True(ProductIdentifier.TryNormalize(new ItemIdentifier(IdentifierKind.Sku, "lost-create"), out var key, out _));
        Assert.Equal(taken[0].AppliedItem().Id, await fixture.Grains.GetGrain<IIdentifierIndexGrain>(TenantKey.Format(_tenant, key)).ResolveAsync("default"));
    }

    [Fact]
    public async Task An_expired_pending_claim_whose_item_exists_is_kept_for_that_item()
    {
        Assert.True(ProductIdentifier.TryNormalize(new ItemIdentifier(IdentifierKind.Sku, "kept"), out var key, out _));
        var index = fixture.Grains.GetGrain<IIdentifierIndexGrain>(TenantKey.Format(_tenant, key));
        var itemId = Guid.NewGuid().ToString();

        // A creator claimed, created its item, and stopped before confirming.
        await index.ClaimAsync("default", itemId);
        var item = await fixture.Grains.GetGrain<IInventoryItemGrain>(InventoryItemKey.Format(_tenant, itemId))
            .ExecuteAsync(new CreateInventoryItem { VariantId = Guid.NewGuid().ToString() }, Context);
        Assert.IsType<ItemApplied>(item);

        var early = await index.ClaimAsync("default", Guid.NewGuid().ToString());

        // Nothing signals the expiry: let the timeout pass.
        await Task.Delay(ShortClaimTimeoutClusterFixture.Timeout);
        var afterExpiry = await index.ClaimAsync("default", Guid.NewGuid().ToString());

        Assert.False(early.Claimed);
        Assert.False(afterExpiry.Claimed);
        Assert.Equal(itemId, afterExpiry.HolderItemId);
        Assert.Equal(itemId, await index.ResolveAsync("default"));
    }
}
