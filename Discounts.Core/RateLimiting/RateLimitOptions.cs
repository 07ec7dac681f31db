namespace Discounts.Core.RateLimiting;

/// <summary>
/// Requests per window (docs/security.md "Limits"): per user for signed-in callers, per address for anonymous ones,
/// and a much higher ceiling per address for signed-in callers; 0 turns a limit off.
/// </summary>
public sealed class RateLimitOptions
{
    public int Validate { get; set; } = 10;

    public int Apply { get; set; } = 5;

    /// <summary>Unknown codes tried per window (EC-015): stricter, counted apart, and charged to the caller that tried them.</summary>
    public int FailedAttempts { get; set; } = 5;

    /// <summary>
    /// Requests of one action per window by all signed-in callers from one address together: a NAT of a few hundred
    /// shoppers (an office, a campus, a carrier) at a flash sale stays under it; a flood from one address does not.
    /// </summary>
    public int AddressCeiling { get; set; } = 1000;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    public int LimitFor(string action) => action switch
    {
        RateLimitActions.Validate => Validate,
        RateLimitActions.Apply => Apply,
        _ => 0,
    };
}
