using Cronos;

namespace Discounts.Functions.Hosting;

/// <summary>
/// The standalone mode's stand-in for the Functions host's timers: fires each catalog timer on its 6-field
/// NCRONTAB schedule (seconds first). Jobs take their own advisory locks, so this may run beside the host.
/// </summary>
public sealed partial class TimerScheduler(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider clock, ILogger<TimerScheduler> logger) : BackgroundService
{
    private DateTime startedAt;

    /// <summary>Schedules count from the moment of start, not from when the loops first run: since .NET 10 a
    /// <see cref="BackgroundService"/> begins on the thread pool, and an occurrence passing in between must still run.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        startedAt = clock.GetUtcNow().UtcDateTime;
        return base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(FunctionCatalog.TimerFunctions.Select(f => RunScheduleAsync(f, stoppingToken)));

    public static CronExpression Schedule(FunctionDefinition function, IConfiguration configuration) =>
        CronExpression.Parse(function.Timer!.ScheduleFrom(configuration), CronFormat.IncludeSeconds);

    private async Task RunScheduleAsync(FunctionDefinition function, CancellationToken ct)
    {
        var schedule = Schedule(function, configuration);
        DateTime? last = null;
        while (!ct.IsCancellationRequested)
        {
            // The next occurrence after the last one run, not after "now": an occurrence that passed while a run was in
            // progress still runs, flagged past due (the jobs are idempotent). A backlog over an hour old (a machine
            // that slept) runs once for all of it, as the Functions host does.
            var now = clock.GetUtcNow().UtcDateTime;
            var next = schedule.GetNextOccurrence(last ?? startedAt, TimeZoneInfo.Utc);
            while (next is { } due && now - due > TimeSpan.FromHours(1) && schedule.GetNextOccurrence(due, TimeZoneInfo.Utc) is { } later && later <= now)
            {
                next = later;
            }

            if (next is null)
            {
                return;
            }

            last = next;
            try
            {
                await DelayUntilAsync(next.Value, ct);

                await using var scope = scopes.CreateAsyncScope();
                var isPastDue = clock.GetUtcNow() - next.Value > TimeSpan.FromMinutes(1);
                await TimerRun.RunAsync(scope.ServiceProvider, function, new TimerInfo(isPastDue, next.Value), ct);
                LogRan(logger, function.Name, next.Value);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // One failed run must not stop the schedule; the next run retries (jobs are idempotent).
                LogFailed(logger, ex, function.Name);
            }
        }
    }

    /// <summary>
    /// Waits until the clock reads <paramref name="due"/>. A timer's delay is relative to the clock when it is set, so
    /// one set just after the clock moved would fire that much late (a test's clock jumps a minute at a time): the
    /// clock is read again once the timer is set, and a timer set across a move is set again.
    /// </summary>
    private async Task DelayUntilAsync(DateTime due, CancellationToken ct)
    {
        while (clock.GetUtcNow().UtcDateTime is var now && now < due)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var delay = Task.Delay(due - now, clock, wait.Token);
            if (clock.GetUtcNow().UtcDateTime != now)
            {
                await wait.CancelAsync();
                continue;
            }

            await delay;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Timer function {Function} ran for {Occurrence:o}")]
    private static partial void LogRan(ILogger logger, string function, DateTime occurrence);

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer function {Function} failed")]
    private static partial void LogFailed(ILogger logger, Exception ex, string function);
}
