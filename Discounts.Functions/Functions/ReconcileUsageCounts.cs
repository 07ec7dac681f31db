using Discounts.Core.Reconciliation;
using Discounts.Functions.Hosting;

namespace Discounts.Functions.Functions;

/// <summary>Timer (nightly): invariant 3 and the integrity checks, correcting slot drift.</summary>
public sealed partial class ReconcileUsageCounts(ReconcileUsageCountsJob job, ILogger<ReconcileUsageCounts> logger) : ITimerFunction
{
    public async Task<object> RunAsync(TimerInfo timer, CancellationToken ct)
    {
        LogStart(logger, timer.IsPastDue);
        return await job.RunAsync(fix: true, ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "ReconcileUsageCounts started (past due: {IsPastDue})")]
    private static partial void LogStart(ILogger logger, bool isPastDue);
}
