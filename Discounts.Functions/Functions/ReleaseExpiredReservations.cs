using Discounts.Core.Reconciliation;
using Discounts.Functions.Hosting;

namespace Discounts.Functions.Functions;

/// <summary>Timer (every 5 minutes): releases overdue holds, expiring their Stripe sessions first.</summary>
public sealed partial class ReleaseExpiredReservations(ReleaseExpiredReservationsJob job, ILogger<ReleaseExpiredReservations> logger) : ITimerFunction
{
    public async Task<object> RunAsync(TimerInfo timer, CancellationToken ct)
    {
        LogStart(logger, timer.IsPastDue);
        return await job.RunAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "ReleaseExpiredReservations started (past due: {IsPastDue})")]
    private static partial void LogStart(ILogger logger, bool isPastDue);
}
