namespace Discounts.Core.Reservations;

public static class ReleaseReason
{
    public const string Expired = "expired";
    public const string Cancelled = "cancelled";
    public const string Replaced = "replaced";
    public const string SessionExpired = "session_expired";
    public const string PaymentFailed = "payment_failed";
    public const string Admin = "admin";
}
