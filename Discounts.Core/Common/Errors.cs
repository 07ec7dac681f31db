namespace Discounts.Core.Common;

/// <summary>Outcome codes that are not rule codes (api.md status codes).</summary>
public static class Errors
{
    public const string NotFound = "not_found";
    public const string Conflict = "conflict";
    public const string DuplicateCode = "duplicate_code";
    public const string Unavailable = "unavailable";
    public const string InvalidRequest = "invalid_request";
    public const string RiskBlocked = "risk_blocked";
    public const string HoldLimitReached = "hold_limit_reached";
    public const string SharedHoldLimit = "shared_hold_limit";
    public const string CaptchaRequired = "captcha_required";
    public const string CaptchaFailed = "captcha_failed";
    public const string PreconditionFailed = "precondition_failed";
    public const string MaxUsesBelowTaken = "max_uses_below_taken";

    /// <summary>A rate limit refused the request (the answer is a 429 with Retry-After).</summary>
    public const string RateLimited = "rate_limited";
}
