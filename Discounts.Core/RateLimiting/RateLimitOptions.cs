namespace Discounts.Core.RateLimiting;

/// <summary>Requests per window, per client IP and per user (api.md "RateLimits"); 0 turns a limit off.</summary>
public sealed class RateLimitOptions
{
    public int Validate { get; set; } = 10;

    public int Apply { get; set; } = 5;

    /// <summary>Unknown codes tried per window (EC-015): stricter, and counted apart from the other limits.</summary>
    public int FailedAttempts { get; set; } = 5;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    public int LimitFor(string action) => action switch
    {
        RateLimitActions.Validate => Validate,
        RateLimitActions.Apply => Apply,
        _ => 0,
    };
}
