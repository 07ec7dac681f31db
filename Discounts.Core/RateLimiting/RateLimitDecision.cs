namespace Discounts.Core.RateLimiting;

/// <summary>The answer for one request: allowed or not, and what the RateLimit headers say.</summary>
public sealed record RateLimitDecision(bool Allowed, int Limit, int Remaining, TimeSpan ResetAfter)
{
    public static readonly RateLimitDecision Unlimited = new(true, 0, 0, TimeSpan.Zero);
}
