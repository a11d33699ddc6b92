using InventoryGrains.Domain.Items;

namespace InventoryGrains.Domain.Reservations;

/// <summary>What a caller asks of an existing reservation.</summary>
public enum ReservationAction
{
    Confirm,
    Release,
    Fulfil,
    Cancel,
    Extend,
}

/// <summary>Why a reservation request was refused; spelled <c>RESERVATION_…</c> by <see cref="ReservationErrorCodes.Code"/>.</summary>
public enum ReservationErrorCode
{
    NotFound,

    /// <summary>A reservation with this id exists with other lines or another reference.</summary>
    Exists,

    // The status the reservation is in, for a transition it does not allow.
    Held,
    Confirmed,
    Released,
    Fulfilled,
    Canceled,
    Expired,
}

public static class ReservationErrorCodes
{
    public static string Code(this ReservationErrorCode code) => code switch
    {
        ReservationErrorCode.NotFound => "RESERVATION_NOT_FOUND",
        ReservationErrorCode.Exists => "RESERVATION_EXISTS",
        _ => $"RESERVATION_{code.ToString().ToUpperInvariant()}",
    };

    /// <summary>The code of a transition refused because the reservation is in <paramref name="status"/>.</summary>
    public static ReservationErrorCode Of(ReservationStatus status) => status switch
    {
        ReservationStatus.Held => ReservationErrorCode.Held,
        ReservationStatus.Confirmed => ReservationErrorCode.Confirmed,
        ReservationStatus.Released => ReservationErrorCode.Released,
        ReservationStatus.Fulfilled => ReservationErrorCode.Fulfilled,
        ReservationStatus.Canceled => ReservationErrorCode.Canceled,
        _ => ReservationErrorCode.Expired,
    };
}

/// <summary>What the rules decide for a request: answer the reservation as it is, refuse, or change it.</summary>
public abstract record ReservationDecision;

/// <summary>Nothing to do: the request repeats what was already done (or reads).</summary>
public sealed record ReservationUnchanged(Reservation Reservation) : ReservationDecision;

public sealed record ReservationRefusal(ReservationErrorCode Code, string Description) : ReservationDecision;

/// <summary>
/// The reservation becomes <paramref name="Next"/>; each item takes <paramref name="Step"/> (none
/// for an extension). <paramref name="ExpiredFirst"/>: the request came after the hold's expiry,
/// so the change is the expiry, and the request is then decided again on the expired reservation.
/// </summary>
public sealed record ReservationChange(Reservation Next, ReservationStep? Step, bool ExpiredFirst = false) : ReservationDecision
{
    public ChangeReason Reason => Step switch
    {
        ReservationStep.Hold => ChangeReason.ReservationCreated,
        ReservationStep.Release => ChangeReason.ReservationReleased,
        ReservationStep.Expire => ChangeReason.ReservationExpired,
        ReservationStep.Confirm => ChangeReason.ReservationConfirmed,
        ReservationStep.Fulfil => ChangeReason.ReservationFulfilled,
        ReservationStep.Cancel => ChangeReason.ReservationCanceled,
        _ => ChangeReason.Other,
    };
}

/// <summary>
/// The state machine of a reservation, as pure functions. Held → confirmed → fulfilled or canceled;
/// held → released or expired. The reservation alone decides between confirm and expiry: a request
/// that arrives at or after <see cref="Reservation.ExpiresAt"/> finds the hold expired.
/// </summary>
public static class ReservationRules
{
    public const int MaxLines = 100;
    public static readonly TimeSpan DefaultExpiry = TimeSpan.FromSeconds(900);
    public static readonly TimeSpan MaxExpiry = TimeSpan.FromSeconds(604_800);

    public static ReservationDecision Create(Reservation? existing, string id, IReadOnlyList<ReservationLine> lines, string? reference, TimeSpan expiresIn, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (existing is not null)
        {
            return existing.SameAs(lines, reference)
                ? new ReservationUnchanged(existing)
                : new ReservationRefusal(ReservationErrorCode.Exists, $"Reservation '{id}' exists with other lines or another reference.");
        }

        return new ReservationChange(new Reservation(id, ReservationStatus.Held, lines, reference, now, now + expiresIn, now), ReservationStep.Hold);
    }

    public static ReservationDecision Transition(Reservation? current, string id, ReservationAction action, TimeSpan? extendBy, DateTimeOffset now)
    {
        if (current is null)
        {
            return new ReservationRefusal(ReservationErrorCode.NotFound, $"Reservation '{id}' was not found.");
        }

        if (Expiry(current, now) is { } expiry)
        {
            return expiry with { ExpiredFirst = true };
        }

        (ReservationStatus Status, ReservationStep Step)? to = (current.Status, action) switch
        {
            (ReservationStatus.Held, ReservationAction.Confirm) => (ReservationStatus.Confirmed, ReservationStep.Confirm),
            (ReservationStatus.Held, ReservationAction.Release) => (ReservationStatus.Released, ReservationStep.Release),
            (ReservationStatus.Confirmed, ReservationAction.Fulfil) => (ReservationStatus.Fulfilled, ReservationStep.Fulfil),
            (ReservationStatus.Confirmed, ReservationAction.Cancel) => (ReservationStatus.Canceled, ReservationStep.Cancel),
            _ => null,
        };
        if (to is { } transition)
        {
            return new ReservationChange(current with { Status = transition.Status, UpdatedAt = now }, transition.Step);
        }

        if (current.Status == ReservationStatus.Held && action == ReservationAction.Extend)
        {
            return new ReservationChange(current with { ExpiresAt = now + (extendBy ?? DefaultExpiry), UpdatedAt = now }, null);
        }

        // A repeat of the transition that made the current status answers it again.
        var repeat = (current.Status, action) is (ReservationStatus.Confirmed, ReservationAction.Confirm)
            or (ReservationStatus.Released, ReservationAction.Release)
            or (ReservationStatus.Fulfilled, ReservationAction.Fulfil)
            or (ReservationStatus.Canceled, ReservationAction.Cancel);
        return repeat
            ? new ReservationUnchanged(current)
            : new ReservationRefusal(ReservationErrorCodes.Of(current.Status),
                $"Reservation '{id}' is {current.Status.Code()}: it cannot be {Past(action)}.");
    }

    /// <summary>The expiry, when the reservation is held and its time has come; otherwise null.</summary>
    public static ReservationChange? Expiry(Reservation current, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(current);
        return current.Status == ReservationStatus.Held && now >= current.ExpiresAt
            ? new ReservationChange(current with { Status = ReservationStatus.Expired, UpdatedAt = now }, ReservationStep.Expire)
            : null;
    }

    /// <summary>The shape of a create request: 1–100 lines, each of a quantity of at least 1, an expiry of 1 s to 7 days.</summary>
    public static string? CheckCreate(IReadOnlyList<ReservationLine> lines, TimeSpan expiresIn)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count is < 1 or > MaxLines)
        {
            return $"lines must hold 1 to {MaxLines} lines.";
        }

        if (lines.Select((line, index) => (line, index)).FirstOrDefault(entry => entry.line.Quantity < 1) is { line: not null } bad)
        {
            return $"lines[{bad.index}].quantity must be at least 1.";
        }

        if (lines.GroupBy(line => line.ItemId, StringComparer.Ordinal).Any(item => item.Sum(line => (long)line.Quantity) > int.MaxValue))
        {
            return "The quantities of one item add up beyond 2147483647.";
        }

        return expiresIn < TimeSpan.FromSeconds(1) || expiresIn > MaxExpiry ? "expiresInSeconds must be 1 to 604800." : null;
    }

    private static string Past(ReservationAction action) => action switch
    {
        ReservationAction.Confirm => "confirmed",
        ReservationAction.Release => "released",
        ReservationAction.Fulfil => "fulfilled",
        ReservationAction.Cancel => "canceled",
        _ => "extended",
    };
}
