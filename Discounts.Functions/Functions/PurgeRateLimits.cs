using Discounts.Core.RateLimiting;
using Discounts.Functions.Hosting;

namespace Discounts.Functions.Functions;

/// <summary>Timer (every 15 minutes): deletes the rate-limit counters of windows that ended over an hour ago.</summary>
public sealed partial class PurgeRateLimits(RateLimiter limiter, ILogger<PurgeRateLimits> logger) : ITimerFunction
{
    public async Task<object> RunAsync(TimerInfo timer, CancellationToken ct)
    {
        LogStart(logger, timer.IsPastDue);
        return new { purged = await limiter.PurgeAsync(ct) };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PurgeRateLimits started (past due: {IsPastDue})")]
    private static partial void LogStart(ILogger logger, bool isPastDue);
}
