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

/// <summary>One entry's outcome, at its index: the item's result, or the entry's shape problem.</summary>
public sealed record BulkOutcome(int Index, InventoryResult? Result, string? Problem, string? ItemId)
{
    public bool Success => Result?.Success == true;
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
        Func<IReadOnlyList<TCommand>, Task<IReadOnlyList<InventoryResult>>> execute)
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
        if (results.Any(result => result.Error?.Code == InventoryErrorCode.Unavailable))
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
                ? new BulkOutcome(index, null, entry.Problem, entry.ItemId)
                : new BulkOutcome(index, results[next], null, results[next++].ItemId);
        }

        return outcomes;
    }
}
