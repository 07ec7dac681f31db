using Discounts.Core.Admin;
using Discounts.Functions.Hosting;

namespace Discounts.Functions.Functions;

/// <summary>
/// Timer (nightly, after the reconciliation): rolls the days that can no longer change up into the analytics tables
/// (AnalyticsRollupJob), so the admins' reports read a few rows a day instead of every usage.
/// </summary>
public sealed partial class RollUpAnalytics(AnalyticsRollupJob job, ILogger<RollUpAnalytics> logger) : ITimerFunction
{
    public async Task<object> RunAsync(TimerInfo timer, CancellationToken ct)
    {
        LogStart(logger, timer.IsPastDue);
        return await job.RunAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "RollUpAnalytics started (past due: {IsPastDue})")]
    private static partial void LogStart(ILogger logger, bool isPastDue);
}
