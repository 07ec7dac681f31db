namespace Discounts.Core.RateLimiting;

/// <summary>
/// One request counted against its action's limit (<see cref="RateLimiter.Prepare"/>), run in the same round trip as
/// the request's first read (validate's, apply's): <see cref="Sql"/> goes into that batch, <see cref="Decide"/> reads
/// its row, and <see cref="Decision"/> is what the answer's <c>RateLimit-*</c> headers say.
/// </summary>
public sealed class RateLimitHit
{
    /// <summary>Counts the hit and reads the subject's failed attempts (migration 0011, <c>rate_limit_hit</c>); one row: hits, shared, failed.</summary>
    internal const string Sql = "SELECT * FROM rate_limit_hit(@RateAction, @RateSubject, @RateCeilingSubject, @RateWindow, @RateLimit, @RateCeiling)";

    internal RateLimitHit(string action, RateSubject who, DateTime window, TimeSpan resetAfter, int limit, int ceiling, int failedLimit)
    {
        Action = action;
        Who = who;
        Window = window;
        ResetAfter = resetAfter;
        Limit = limit;
        Ceiling = ceiling;
        FailedLimit = failedLimit;
    }

    public string Action { get; }

    public RateSubject Who { get; }

    internal DateTime Window { get; }

    internal TimeSpan ResetAfter { get; }

    internal int Limit { get; }

    internal int Ceiling { get; }

    internal int FailedLimit { get; }

    /// <summary>Set once the hit has run; null before.</summary>
    public RateLimitDecision? Decision { get; private set; }

    /// <summary>Whether the hit ran and refused the request.</summary>
    public bool Refused => Decision is { Allowed: false };

    /// <summary><see cref="Sql"/>'s parameters, to add to the batch's own.</summary>
    internal object Parameters => new
    {
        RateAction = Action, RateSubject = Who.Key, RateCeilingSubject = Who.CeilingKey, RateWindow = Window, RateLimit = Limit, RateCeiling = Ceiling,
    };

    /// <summary>
    /// Refused when the failed attempts, the address ceiling or the subject's own limit is spent (a refused request
    /// still counted for its subject: a burst stays refused); the decision is the one that refused, else the subject's own.
    /// </summary>
    internal RateLimitDecision Decide(int hits, int shared, int failed) => Decision =
        FailedLimit > 0 && failed >= FailedLimit ? new RateLimitDecision(false, FailedLimit, 0, ResetAfter)
        : Ceiling > 0 && shared > Ceiling ? new RateLimitDecision(false, Ceiling, 0, ResetAfter)
        : Limit <= 0 ? RateLimitDecision.Unlimited
        : new RateLimitDecision(hits <= Limit, Limit, Math.Max(0, Limit - hits), ResetAfter);

    /// <summary>The row <see cref="Sql"/> answers.</summary>
    internal sealed record Counts(int Hits, int Shared, int Failed);
}
