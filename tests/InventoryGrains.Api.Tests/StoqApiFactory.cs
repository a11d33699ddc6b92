using InventoryGrains.Grains.SellingPlans;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace InventoryGrains.Api.Tests;

/// <summary>The embedded mode with two tenants' keys and a gate that can hold a job between batches.</summary>
public sealed class StoqApiFactory() : EmbeddedApiFactory(new Dictionary<string, string>
{
    ["Inventory:ApiKeys:0:Key"] = "shop-one-secret",
    ["Inventory:ApiKeys:0:Tenant"] = "shop-1",
    ["Inventory:ApiKeys:1:Key"] = "shop-two-secret",
    ["Inventory:ApiKeys:1:Tenant"] = "shop-2",
})
{
    public InventoryPolicyJobGate Gate { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IInventoryPolicyJobObserver>(Gate));
    }
}

/// <summary>Holds the next job that stores its first batch until the test releases it.</summary>
public sealed class InventoryPolicyJobGate : IInventoryPolicyJobObserver
{
    private readonly Lock _lock = new();
    private TaskCompletionSource? _release;
    private TaskCompletionSource<string> _held = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the job's id once a job is held after its first batch.</summary>
    public Task<string> Held => _held.Task;

    public void HoldAfterFirstBatch()
    {
        lock (_lock)
        {
            _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _held = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Release()
    {
        TaskCompletionSource? release;
        lock (_lock)
        {
            release = _release;
            _release = null;
        }

        release?.TrySetResult();
    }

    public async ValueTask BatchStoredAsync(string jobId, int batchesDone, int batchesTotal, CancellationToken cancellationToken)
    {
        TaskCompletionSource? release;
        lock (_lock)
        {
            release = _release is not null && batchesDone == 1 && batchesTotal > 1 && _held.TrySetResult(jobId) ? _release : null;
        }

        if (release is not null)
        {
            await release.Task.WaitAsync(cancellationToken);
        }
    }
}
