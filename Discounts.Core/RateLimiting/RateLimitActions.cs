namespace Discounts.Core.RateLimiting;

public static class RateLimitActions
{
    public const string Validate = "validate";
    public const string Apply = "apply";
}
