namespace InventoryGrains.Domain.Operations;

/// <summary>An idempotent operation an item applied: its id, the revision it made, and when.</summary>
[GenerateSerializer, Immutable]
public sealed record AppliedOperation(
    [property: Id(0)] string OperationId,
    [property: Id(1)] long Revision,
    [property: Id(2)] DateTimeOffset AppliedAt);

/// <summary>
/// The operations an item applied recently, so that one repeated (its answer lost on the way) is
/// answered instead of applied twice. Bounded by age and count: an operation is forgotten once it
/// is older than the retention when a newer one is recorded, or when more than the capacity are
/// newer. Finding one and recording one cost the same however many are remembered.
/// </summary>
public sealed class AppliedOperations
{
    private readonly Dictionary<string, AppliedOperation> _byId = new(StringComparer.Ordinal);
    private readonly Queue<AppliedOperation> _oldestFirst = new();
    private readonly TimeSpan _retention;
    private readonly int _capacity;

    public AppliedOperations(TimeSpan retention, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retention, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        (_retention, _capacity) = (retention, capacity);
    }

    public int Count => _byId.Count;

    public AppliedOperation? Find(string operationId) => _byId.GetValueOrDefault(operationId);

    /// <summary>Remembers <paramref name="operation"/>, forgetting those it makes too old or too many.</summary>
    public void Record(AppliedOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        _byId[operation.OperationId] = operation;
        _oldestFirst.Enqueue(operation);
        while (_oldestFirst.TryPeek(out var oldest)
            && (_oldestFirst.Count > _capacity || operation.AppliedAt - oldest.AppliedAt >= _retention))
        {
            _oldestFirst.Dequeue();

            // The same id recorded again later stays under its later record.
            if (_byId.TryGetValue(oldest.OperationId, out var current) && ReferenceEquals(current, oldest))
            {
                _byId.Remove(oldest.OperationId);
            }
        }
    }

    /// <summary>Remembers each of <paramref name="operations"/>, oldest first.</summary>
    public void RecordAll(IEnumerable<AppliedOperation> operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        foreach (var operation in operations)
        {
            Record(operation);
        }
    }
}
