using Discounts.Core.RateLimiting;
using Discounts.Functions.Hosting;

namespace Discounts.Functions.RateLimiting;

/// <summary>Timer (every 15 minutes): deletes the rate-limit counters of windows that ended over an hour ago.</summary>
public sealed class PurgeRateLimits(RateLimiter limiter) : ITimerFunction
{
    public async Task<object> RunAsync(TimerInfo timer, CancellationToken ct) => new { purged = await limiter.PurgeAsync(ct) };
}
