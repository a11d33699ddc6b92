namespace InventoryGrains.LoadTest.Checking;

public enum CallKind
{
    Set,
    Increment,
    Decrement,
}

/// <summary>One call a client made to one item, and what it was told.</summary>
public sealed record RecordedCall(string ItemId, CallKind Kind, int Amount, bool Success, long? Revision, int? Quantity, string? ErrorCode);

/// <summary>
/// Checks that the acknowledged calls on each item form one sequential history, using its own model
/// of a quantity (set, add, subtract) rather than the service's rules: the successful calls carry
/// revisions r+1 … r+n with no gap and no repeat; replaying them in revision order reproduces the
/// quantity each one reported and the quantity stored at the end; and, when every decrement was
/// restricted, the quantity never went below zero.
/// </summary>
public static class LinearizabilityChecker
{
    public static IReadOnlyList<string> Check(
        string itemId, long initialRevision, int initialQuantity, IEnumerable<RecordedCall> calls, (long Revision, int Quantity) stored, bool restricted)
    {
        var problems = new List<string>();
        var history = calls.Where(c => c.ItemId == itemId && c.Success).OrderBy(c => c.Revision).ToList();
        for (var i = 0; i < history.Count; i++)
        {
            if (history[i].Revision != initialRevision + 1 + i)
            {
                problems.Add($"{itemId}: acknowledged revisions are not {initialRevision + 1}…{initialRevision + history.Count} (found {history[i].Revision} at position {i + 1})");
                return problems;
            }
        }

        var quantity = (long)initialQuantity;
        foreach (var call in history)
        {
            quantity = call.Kind switch
            {
                CallKind.Set => call.Amount,
                CallKind.Increment => quantity + call.Amount,
                _ => quantity - call.Amount,
            };
            if (call.Quantity != quantity)
            {
                problems.Add($"{itemId}: revision {call.Revision} reported quantity {call.Quantity}, the replay gives {quantity}");
            }

            if (restricted && quantity < 0)
            {
                problems.Add($"{itemId}: oversold at revision {call.Revision} (quantity {quantity})");
            }
        }

        if (stored != (initialRevision + history.Count, quantity))
        {
            problems.Add($"{itemId}: stored revision {stored.Revision} quantity {stored.Quantity}, the replay gives revision {initialRevision + history.Count} quantity {quantity}");
        }

        return problems;
    }
}
