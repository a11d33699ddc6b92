using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Api.Edge.Idempotency;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Api.Edge;

/// <summary>One entry of a bulk request, translated: the command to run, or why it cannot run.</summary>
/// <param name="ItemId">The item the entry names, when it names one (reported with a rejection).</param>
public readonly record struct BulkEntry<TCommand>(TCommand? Command, string? Problem, string? ItemId = null)
    where TCommand : class;

public static class BulkEntry
{
    public static BulkEntry<TCommand> Run<TCommand>(TCommand command) where TCommand : class => new(command, null);

    public static BulkEntry<TCommand> Reject<TCommand>(string problem, string? itemId = null) where TCommand : class => new(null, problem, itemId);
}

/// <summary>One entry's outcome, at its index: what its item answered, or why the entry was not sent (its shape).</summary>
public sealed record BulkOutcome
{
    private BulkOutcome(int index, ItemOutcome? outcome, string? problem, string? itemId) =>
        (Index, Outcome, Problem, ItemId) = (index, outcome, problem, itemId);

    public int Index { get; }

    /// <summary>The item the entry names, when known: the one that answered, or the one an invalid entry named.</summary>
    public string? ItemId { get; }

    private ItemOutcome? Outcome { get; }

    private string? Problem { get; }

    public static BulkOutcome Answered(int index, ItemOutcome outcome) =>
        new(index, outcome ?? throw new ArgumentNullException(nameof(outcome)), null, string.IsNullOrEmpty(outcome.ItemId) ? null : outcome.ItemId);

    public static BulkOutcome Invalid(int index, string problem, string? itemId) => new(index, null, problem, itemId);

    /// <summary>Takes the outcome apart: applied or rejected by its item, or never sent for its shape.</summary>
    public TResult Match<TResult>(Func<ItemApplied, TResult> applied, Func<ItemRejected, TResult> rejected, Func<string, TResult> invalid)
    {
        ArgumentNullException.ThrowIfNull(invalid);
        return Outcome is { } outcome ? outcome.Match(applied, rejected) : invalid(Problem!);
    }
}

/// <summary>
/// The bulk path every inventory dialect shares: the entry count limit, each entry translated on
/// its own (an entry with a bad shape fails alone), one coordinator call for all the entries that
/// translated, and one outcome per entry merged back in request order. The dialects bring only
/// their translation and their formatting; every rule runs in the item grains.
/// </summary>
public static class BulkPipeline
{
    public const int MaxEntries = 1000;

    /// <summary>The whole-request error of a bulk of <paramref name="count"/> entries, or null when 1…1000.</summary>
    /// <param name="emptyStatus">The status of an empty bulk: 400, or BSPK's 422.</param>
    public static DialectError? CheckCount(int count, string arrayName, int emptyStatus = StatusCodes.Status400BadRequest) => count switch
    {
        0 => new DialectError(emptyStatus, DialectErrorCode.InvalidArgument, $"{arrayName} must hold at least one entry."),
        > MaxEntries => DialectError.BadRequest($"{arrayName} holds {count} entries; at most {MaxEntries} are accepted."),
        _ => null,
    };

    /// <param name="translate">Translates an entry, given its index (which names its idempotent operation).</param>
    /// <param name="execute">Runs the translated commands, in order, as one bulk; one result per command.</param>
    public static async Task<IReadOnlyList<BulkOutcome>> RunAsync<TEntry, TCommand>(
        HttpContext context,
        IReadOnlyList<TEntry> entries,
        Func<TEntry, int, BulkEntry<TCommand>> translate,
        Func<IReadOnlyList<TCommand>, Task<IReadOnlyList<ItemOutcome>>> execute)
        where TCommand : class
    {
        ArgumentNullException.ThrowIfNull(entries);
        var translated = new BulkEntry<TCommand>[entries.Count];
        var commands = new List<TCommand>(entries.Count);
        for (var index = 0; index < entries.Count; index++)
        {
            translated[index] = translate(entries[index], index);
            if (translated[index].Command is { } command)
            {
                commands.Add(command);
            }
        }

        var results = commands.Count == 0 ? [] : await execute(commands);
        if (results.Any(result => result is ItemRejected { Code: InventoryErrorCode.Unavailable }))
        {
            // A repeat with the same idempotency key must run again, not replay this answer.
            context.NoteUnknownOutcome();
        }

        var outcomes = new BulkOutcome[entries.Count];
        var next = 0;
        for (var index = 0; index < entries.Count; index++)
        {
            var entry = translated[index];
            outcomes[index] = entry.Command is null
                ? BulkOutcome.Invalid(index, entry.Problem!, entry.ItemId)
                : BulkOutcome.Answered(index, results[next++]);
        }

        return outcomes;
    }
}
