namespace InventoryGrains.Domain.Reservations;

/// <summary>Where a reservation stands. Held is the only status that expires; the last four are final.</summary>
public enum ReservationStatus
{
    Held,
    Confirmed,
    Released,
    Fulfilled,
    Canceled,
    Expired,
}

/// <summary>One line of a reservation: a quantity of one item.</summary>
[GenerateSerializer, Immutable]
public sealed record ReservationLine([property: Id(0)] string ItemId, [property: Id(1)] int Quantity);

/// <summary>A reservation as a transition leaves it, and the stored version the transition replaces (null: it is new).</summary>
[GenerateSerializer, Immutable]
public sealed record ReservationRecord([property: Id(0)] Reservation Next, [property: Id(1)] long? ExpectedVersion);

/// <summary>A checkout's hold on stock over one or more items (SPEC §15, Reservations).</summary>
[GenerateSerializer, Immutable]
public sealed record Reservation(
    [property: Id(0)] string Id,
    [property: Id(1)] ReservationStatus Status,
    [property: Id(2)] IReadOnlyList<ReservationLine> Lines,
    [property: Id(3)] string? Reference,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset ExpiresAt,
    [property: Id(6)] DateTimeOffset UpdatedAt)
{
    /// <summary>Each item the lines name, with their quantities summed, in item id order: one change per item per transition.</summary>
    public IReadOnlyList<ReservationLine> PerItem() =>
        [.. Lines.GroupBy(line => line.ItemId, StringComparer.Ordinal)
            .OrderBy(item => item.Key, StringComparer.Ordinal)
            .Select(item => new ReservationLine(item.Key, item.Sum(line => line.Quantity)))];

    /// <summary>Whether a request to create a reservation with these lines and reference asks for this one.</summary>
    public bool SameAs(IReadOnlyList<ReservationLine> lines, string? reference) =>
        Lines.SequenceEqual(lines) && string.Equals(Reference, reference, StringComparison.Ordinal);
}

public static class ReservationStatuses
{
    /// <summary>The contract's spelling: lower case (<c>held</c>, <c>confirmed</c>, …).</summary>
    public static string Code(this ReservationStatus status) => status.ToString().ToLowerInvariant();

    public static bool TryParse(string? code, out ReservationStatus status)
    {
        foreach (var candidate in Enum.GetValues<ReservationStatus>())
        {
            if (string.Equals(candidate.Code(), code, StringComparison.Ordinal))
            {
                status = candidate;
                return true;
            }
        }

        status = default;
        return false;
    }

    public static bool IsFinal(this ReservationStatus status) => status is not (ReservationStatus.Held or ReservationStatus.Confirmed);
}
