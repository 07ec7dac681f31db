namespace Discounts.Core.RateLimiting;

/// <summary>
/// Whom a request is charged to: a signed-in caller is limited as its user, with its address only as the ceiling
/// it shares with the other signed-in callers there; an anonymous caller is limited by its address.
/// </summary>
public readonly record struct RateSubject(string? Ip, string? UserId)
{
    /// <summary>The counter the caller's own limit and its failed attempts are kept in (null: nothing to count).</summary>
    public string? Key => UserId is not null ? "user:" + UserId : Ip is not null ? "ip:" + Ip : null;

    /// <summary>The address ceiling of signed-in callers (kept apart from anonymous callers' "ip:" counter).</summary>
    public string? CeilingKey => UserId is not null && Ip is not null ? "users-at:" + Ip : null;
}
