using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace InventoryGrains.Grains.Jobs;

/// <summary>
/// The engine of a job that runs in steps and survives its silo: each step runs on a grain timer
/// (so the job answers status calls between steps) and stores its progress before the next one;
/// a step that throws runs again after <see cref="JobOptions.RetryDelay"/>; an activation finds a
/// running job and resumes it. What restarts an activation after its silo stopped is the job's own
/// resume reminder (when <see cref="ResumeCheckPeriod"/> is set) or its owner's. A step cut short
/// by a crash runs again, so a step must be idempotent; each job says how it is.
/// </summary>
public abstract partial class ResumableJobGrain : Grain, IRemindable
{
    private const string ResumeReminder = "resume";

    private readonly JobOptions _options;
    private readonly ILogger _logger;
    private IGrainTimer? _timer;

    protected ResumableJobGrain(JobOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        (_options, _logger) = (options, logger);
    }

    /// <summary>Whether the stored job has steps left to run.</summary>
    protected abstract bool IsRunning { get; }

    /// <summary>The period of the job's own resume reminder; null when its owner restarts it.</summary>
    protected virtual TimeSpan? ResumeCheckPeriod => null;

    /// <summary>Runs and stores one step.</summary>
    /// <returns>The pause before the next step; null when the job is finished (or stopped running).</returns>
    protected abstract Task<TimeSpan?> RunStepAsync(CancellationToken cancellationToken);

    /// <summary>A step whose outcome is stored but whose record failed to store (or any other step that must run again).</summary>
    protected TimeSpan RetryDelay => _options.RetryDelay;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (IsRunning)
        {
            EnsureRunning();
        }

        return Task.CompletedTask;
    }

    /// <summary>Before a job is first stored: its resume reminder, so a job stored without one can never stop for good with its silo.</summary>
    protected async Task PrepareToResumeAsync()
    {
        if (ResumeCheckPeriod is { } period)
        {
            await this.RegisterOrUpdateReminder(ResumeReminder, period, period);
        }
    }

    /// <summary>Starts the steps on this activation unless they run already.</summary>
    protected void EnsureRunning() =>
        _timer ??= this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = true });

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (IsRunning)
        {
            EnsureRunning();
            return;
        }

        // Finished (or never stored): nothing to resume.
        await ForgetReminderAsync(CancellationToken.None);
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        if (!IsRunning)
        {
            await StopAsync(cancellationToken);
            return;
        }

        TimeSpan? next;
        try
        {
            next = await RunStepAsync(cancellationToken);
        }
        catch (Exception exception)
        {
            LogStepFailed(_logger, exception, this.GetPrimaryKeyString(), _options.RetryDelay);
            next = _options.RetryDelay;
        }

        if (next is { } pause && IsRunning)
        {
            _timer?.Change(pause, Timeout.InfiniteTimeSpan);
        }
        else if (!IsRunning)
        {
            await StopAsync(cancellationToken);
        }
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        _timer = null;
        await ForgetReminderAsync(cancellationToken);
    }

    private async Task ForgetReminderAsync(CancellationToken cancellationToken)
    {
        if (ResumeCheckPeriod is null)
        {
            return;
        }

        var reminder = await this.GetReminder(ResumeReminder, cancellationToken);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobKey}: a step failed; it runs again in {RetryDelay}")]
    private static partial void LogStepFailed(ILogger logger, Exception exception, string jobKey, TimeSpan retryDelay);
}
