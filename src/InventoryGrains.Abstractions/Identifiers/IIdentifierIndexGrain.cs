using Orleans.Concurrency;
using InventoryGrains.Domain.Identifiers;

namespace InventoryGrains.Abstractions.Identifiers;

/// <summary>
/// One normalised identifier of one tenant (key: <see cref="TenantKey"/> with the normalised
/// identifier from <see cref="ProductIdentifier"/>): which item it names at each location.
/// A claim is pending until the item it names has been created and the claim confirmed.
/// </summary>
public interface IIdentifierIndexGrain : IGrainWithStringKey
{
    /// <summary>Claims the identifier at <paramref name="locationId"/> for <paramref name="itemId"/>, unless another item holds it.</summary>
    Task<IdentifierClaim> ClaimAsync(string locationId, string itemId);

    Task ConfirmAsync(string locationId, string itemId);

    /// <summary>Drops the claim if <paramref name="itemId"/> still holds it.</summary>
    Task ReleaseAsync(string locationId, string itemId);

    /// <summary>The item the identifier names at the location, if any.</summary>
    [ReadOnly]
    Task<string?> ResolveAsync(string locationId);
}

/// <param name="HolderItemId">The item that holds the identifier: the claimant when claimed, another one when not.</param>
[GenerateSerializer, Immutable]
public sealed record IdentifierClaim(
    [property: Id(0)] bool Claimed,
    [property: Id(1)] string HolderItemId);
