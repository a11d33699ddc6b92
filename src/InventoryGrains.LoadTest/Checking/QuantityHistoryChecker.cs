using InventoryGrains.Domain.Items;

namespace InventoryGrains.LoadTest.Checking;

/// <summary>One quantity a line asked to change: set it to <paramref name="Amount"/>, or add <paramref name="Amount"/> (negative to take away).</summary>
/// <param name="ChangeFrom">The value the caller said the quantity had (its <c>changeFromQuantity</c>); null when it gave none.</param>
public sealed record QuantityStep(QuantityName Name, bool Set, long Amount, long? ChangeFrom);

/// <summary>One applied line on one item: what it asked for, the revision it made and each quantity's value after it, as reported.</summary>
public sealed record RecordedQuantityLine(string ItemId, long Revision, IReadOnlyList<QuantityStep> Steps, IReadOnlyDictionary<QuantityName, long> Reported);

/// <summary>
/// The same check for quantities by state, with its own model of them (named numbers that are set
/// or added to): the applied lines carry revisions r+1 … r+n with no gap and no repeat; replayed in
/// revision order, each line's <c>changeFromQuantity</c> held when it was applied, no quantity but
/// available went below zero, each line reported the values the replay gives, and the replay ends
/// at the quantities stored.
/// </summary>
public static class QuantityHistoryChecker
{
    public static IReadOnlyList<string> Check(
        string itemId,
        long initialRevision,
        IReadOnlyDictionary<QuantityName, long> initial,
        IEnumerable<RecordedQuantityLine> lines,
        (long Revision, IReadOnlyDictionary<QuantityName, long> Quantities) stored)
    {
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(stored.Quantities);
        var problems = new List<string>();
        var history = lines.Where(line => line.ItemId == itemId).OrderBy(line => line.Revision).ToList();
        for (var i = 0; i < history.Count; i++)
        {
            if (history[i].Revision != initialRevision + 1 + i)
            {
                problems.Add($"{itemId}: applied lines' revisions are not {initialRevision + 1}…{initialRevision + history.Count} (found {history[i].Revision} at position {i + 1})");
                return problems;
            }
        }

        var model = new Dictionary<QuantityName, long>(initial);
        foreach (var line in history)
        {
            foreach (var step in line.Steps)
            {
                var before = model.GetValueOrDefault(step.Name);
                if (step.ChangeFrom is { } expected && expected != before)
                {
                    problems.Add($"{itemId}: revision {line.Revision} applied with changeFromQuantity {expected} for {step.Name}, which the replay has at {before}");
                }

                var after = step.Set ? step.Amount : before + step.Amount;
                model[step.Name] = after;
                if (after < 0 && step.Name != QuantityName.Available)
                {
                    problems.Add($"{itemId}: {step.Name} below zero at revision {line.Revision} ({after})");
                }

                if (!line.Reported.TryGetValue(step.Name, out var reported) || reported != after)
                {
                    problems.Add($"{itemId}: revision {line.Revision} reported {step.Name} {(line.Reported.TryGetValue(step.Name, out var r) ? r : "nothing")}, the replay gives {after}");
                }
            }
        }

        if (stored.Revision != initialRevision + history.Count)
        {
            problems.Add($"{itemId}: stored revision {stored.Revision}, the replay gives {initialRevision + history.Count}");
        }

        foreach (var (name, value) in model)
        {
            if (stored.Quantities.GetValueOrDefault(name) != value)
            {
                problems.Add($"{itemId}: stored {name} {stored.Quantities.GetValueOrDefault(name)}, the replay gives {value}");
            }
        }

        return problems;
    }
}
