using Discounts.Functions.Hosting;
using Discounts.Core.Analytics;

namespace Discounts.Functions.Analytics;

/// <summary>
/// Timer (nightly, after the reconciliation): rolls the days that can no longer change up into the analytics tables
/// (AnalyticsRollupJob), so the admins' reports read a few rows a day instead of every usage.
/// </summary>
public sealed class RollUpAnalytics(AnalyticsRollupJob job) : ITimerFunction
{
    public async Task<object> RunAsync(TimerInfo timer, CancellationToken ct) => await job.RunAsync(ct);
}
