using InventoryGrains.Domain.Items;
using InventoryGrains.Domain.Reservations;

namespace InventoryGrains.Abstractions.Reservations;

/// <summary>
/// One reservation (key: <see cref="ReservationKey"/>). It decides every transition of its own
/// (held, confirmed, released, fulfilled, canceled, expired) once, and stores each together with
/// its items' changes in one commit before it answers; it expires on time by itself.
/// </summary>
public interface IReservationGrain : IGrainWithStringKey
{
    /// <summary>Holds every line or none. The same id again answers the reservation as it is (or <see cref="ReservationErrorCode.Exists"/> when the lines differ).</summary>
    [ResponseTimeout("00:00:15")]
    Task<ReservationOutcome> CreateAsync(IReadOnlyList<ReservationLine> lines, string? reference, TimeSpan expiresIn);

    [ResponseTimeout("00:00:15")]
    Task<ReservationOutcome> ApplyAsync(ReservationAction action, TimeSpan? extendBy);

    Task<Reservation?> GetAsync();

    /// <summary>Expires the reservation if it is held and its time has come (the expiry sweep's call); otherwise nothing.</summary>
    Task WakeAsync();
}

public static class ReservationKey
{
    public static string Format(string tenant, string reservationId) => TenantKey.Format(tenant, reservationId);

    public static (string Tenant, string ReservationId) Parse(string key) => TenantKey.Parse(key);
}

/// <summary>What became of a reservation request: done, refused, or not known (repeat it).</summary>
[GenerateSerializer]
public abstract record ReservationOutcome
{
    public TResult Match<TResult>(Func<ReservationDone, TResult> done, Func<ReservationRefused, TResult> refused, Func<ReservationUnknown, TResult> unknown)
    {
        ArgumentNullException.ThrowIfNull(done);
        ArgumentNullException.ThrowIfNull(refused);
        ArgumentNullException.ThrowIfNull(unknown);
        return this switch
        {
            ReservationDone outcome => done(outcome),
            ReservationRefused outcome => refused(outcome),
            ReservationUnknown outcome => unknown(outcome),
            _ => throw new System.Diagnostics.UnreachableException($"A reservation outcome is done, refused or unknown, not {GetType().Name}."),
        };
    }
}

/// <summary>The reservation as it is after the request; <paramref name="Created"/> when this request created it.</summary>
[GenerateSerializer, Immutable]
public sealed record ReservationDone([property: Id(0)] Reservation Reservation, [property: Id(1)] bool Created) : ReservationOutcome;

/// <summary>Nothing changed. <paramref name="Code"/> is the reservation's refusal; or, with <paramref name="Lines"/>, the lines its items refused.</summary>
[GenerateSerializer, Immutable]
public sealed record ReservationRefused(
    [property: Id(0)] ReservationErrorCode? Code,
    [property: Id(1)] string Description,
    [property: Id(2)] IReadOnlyList<ReservationLineRefusal> Lines) : ReservationOutcome;

/// <summary>One line whose item refused its step: why, and what was available when it was a hold.</summary>
[GenerateSerializer, Immutable]
public sealed record ReservationLineRefusal(
    [property: Id(0)] int Index,
    [property: Id(1)] string ItemId,
    [property: Id(2)] InventoryErrorCode Code,
    [property: Id(3)] string Description,
    [property: Id(4)] long? Available);

/// <summary>It is not known whether the request took effect; the same request again finds out.</summary>
[GenerateSerializer, Immutable]
public sealed record ReservationUnknown([property: Id(0)] string Description) : ReservationOutcome;
