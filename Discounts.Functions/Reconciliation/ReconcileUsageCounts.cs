using Discounts.Core.Reconciliation;
using Discounts.Functions.Hosting;

namespace Discounts.Functions.Reconciliation;

/// <summary>Timer (nightly): invariant 3 and the integrity checks, correcting slot drift.</summary>
public sealed class ReconcileUsageCounts(ReconcileUsageCountsJob job) : ITimerFunction
{
    public async Task<object> RunAsync(TimerInfo timer, CancellationToken ct) => await job.RunAsync(fix: true, ct);
}
