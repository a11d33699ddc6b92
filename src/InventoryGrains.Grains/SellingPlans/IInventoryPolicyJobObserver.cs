namespace InventoryGrains.Grains.SellingPlans;

/// <summary>
/// Told, inside the job grain, each time a batch's progress has been stored. Registered in the
/// silo's services; none are by default. Lets hosts watch progress (and tests hold a job between
/// batches).
/// </summary>
public interface IInventoryPolicyJobObserver
{
    ValueTask BatchStoredAsync(string jobId, int batchesDone, int batchesTotal, CancellationToken cancellationToken);
}
