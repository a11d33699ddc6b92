using InventoryGrains.Abstractions;
using InventoryGrains.Abstractions.Diagnostics;
using Orleans.Runtime;

namespace InventoryGrains.Grains.Diagnostics;

public sealed class ClusterProbeGrain(
    [PersistentState("probe", StorageNames.Inventory)] IPersistentState<ClusterProbeState> state,
    ILocalSiloDetails silo)
    : Grain, IClusterProbeGrain, IRemindable
{
    private const string ReminderName = "probe-tick";

    public async Task<ProbeSnapshot> IncrementAsync()
    {
        state.State.Count++;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Count--;
            throw;
        }

        return Snapshot();
    }

    public Task<ProbeSnapshot> GetAsync() => Task.FromResult(Snapshot());

    public async Task StartReminderAsync(TimeSpan dueTime, TimeSpan period) =>
        await this.RegisterOrUpdateReminder(ReminderName, dueTime, period);

    public async Task StopReminderAsync()
    {
        var reminder = await this.GetReminder(ReminderName);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        state.State.ReminderTicks++;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.ReminderTicks--;
            throw;
        }
    }

    private ProbeSnapshot Snapshot() =>
        new(state.State.Count, state.State.ReminderTicks, silo.SiloAddress.ToString());
}

[GenerateSerializer]
public sealed class ClusterProbeState
{
    [Id(0)] public long Count { get; set; }

    [Id(1)] public long ReminderTicks { get; set; }
}
