using InventoryGrains.Abstractions;
using InventoryGrains.Abstractions.Identifiers;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Grains.Persistence;
using InventoryGrains.Storage.Items;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Grains.Identifiers;

/// <summary>
/// One normalised identifier (or a variant, <see cref="VariantIndexKey"/>): which item it names at
/// each location. A claim stays pending until its item is created; a pending claim older than
/// <see cref="IdentifierIndexOptions.PendingClaimTimeout"/> whose item never came to exist (its
/// creator failed before it could release the claim), or a claim whose item was deleted, is given
/// to the next claimant, so a failure cannot block an identifier for good.
/// <para>
/// Items claim and release their own entries (<see cref="Inventory.InventoryItemGrain"/>). Whether
/// a holder exists is read from the item store, never asked of the item: the index never calls
/// back into an item, so no call between the two ever waits on the other. The store has the
/// truth by then: a pending claim is looked at only once it is older than any write can take.
/// </para>
/// </summary>
public sealed class IdentifierIndexGrain(
    [PersistentState("identifier", StorageNames.Inventory)] IPersistentState<IdentifierIndexState> state,
    TimeProvider clock,
    IOptions<IdentifierIndexOptions> options,
    IItemStore items,
    ILogger<IdentifierIndexGrain> logger)
    : Grain, IIdentifierIndexGrain
{
    private TimeSpan PendingClaimTimeout => options.Value.PendingClaimTimeout;

    private string Tenant => TenantKey.Parse(this.GetPrimaryKeyString()).Tenant;

    public async Task<IdentifierClaim> ClaimAsync(string locationId, string itemId)
    {
        if (state.State.Claims.TryGetValue(locationId, out var held) && held.ItemId != itemId)
        {
            if (!held.Confirmed && clock.GetUtcNow() - held.ClaimedAt < PendingClaimTimeout)
            {
                return new IdentifierClaim(false, held.ItemId);
            }

            // A settled claim holds while its item exists. One whose item never came to exist, or
            // was deleted (and whose release did not arrive), passes to the claimant.
            if (await ItemExistsAsync(held.ItemId))
            {
                if (!held.Confirmed)
                {
                    await CommitAsync(next => next.Claims[locationId] = held with { Confirmed = true });
                }

                return new IdentifierClaim(false, held.ItemId);
            }
        }
        else if (held is not null)
        {
            return new IdentifierClaim(true, itemId);
        }

        await CommitAsync(next => next.Claims[locationId] = new IdentifierClaimRecord(itemId, false, clock.GetUtcNow()));
        return new IdentifierClaim(true, itemId);
    }

    public Task ConfirmAsync(string locationId, string itemId) =>
        state.State.Claims.TryGetValue(locationId, out var held) && held.ItemId == itemId && !held.Confirmed
            ? CommitAsync(next => next.Claims[locationId] = held with { Confirmed = true })
            : Task.CompletedTask;

    public Task ReleaseAsync(string locationId, string itemId) =>
        state.State.Claims.TryGetValue(locationId, out var held) && held.ItemId == itemId
            ? CommitAsync(next => next.Claims.Remove(locationId))
            : Task.CompletedTask;

    public async Task<string?> ResolveAsync(string locationId)
    {
        if (!state.State.Claims.TryGetValue(locationId, out var held))
        {
            return null;
        }

        // An expired pending claim names nothing unless its item came to exist after all.
        if (!held.Confirmed && clock.GetUtcNow() - held.ClaimedAt >= PendingClaimTimeout && !await ItemExistsAsync(held.ItemId))
        {
            return null;
        }

        return held.ItemId;
    }

    private async Task<bool> ItemExistsAsync(string itemId) =>
        await items.ReadAsync(new ItemKey(Tenant, itemId), recentChanges: 0) is { State.Exists: true };

    private async Task CommitAsync(Action<IdentifierIndexState> change)
    {
        var next = new IdentifierIndexState { Claims = new Dictionary<string, IdentifierClaimRecord>(state.State.Claims, StringComparer.Ordinal) };
        change(next);
        if (!await state.TryCommitAsync(next, this, logger))
        {
            throw new InvalidOperationException($"Identifier {this.GetPrimaryKeyString()} could not be stored; nothing was changed.");
        }
    }
}

[GenerateSerializer]
public sealed class IdentifierIndexState
{
    /// <summary>By location id.</summary>
    [Id(0)] public Dictionary<string, IdentifierClaimRecord> Claims { get; set; } = new(StringComparer.Ordinal);
}

[GenerateSerializer, Immutable]
public sealed record IdentifierClaimRecord(
    [property: Id(0)] string ItemId,
    [property: Id(1)] bool Confirmed,
    [property: Id(2)] DateTimeOffset ClaimedAt);
