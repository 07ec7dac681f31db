namespace Discounts.Core.Reservations;

/// <summary>
/// The usage state machine (forward only):
/// reserved -> payment_pending -> confirmed -> refunded; reserved | payment_pending -> released;
/// released -> confirmed | over_limit only when the payment provider says the customer paid.
/// </summary>
public static class UsageStatus
{
    public const string Reserved = "reserved";
    public const string PaymentPending = "payment_pending";
    public const string Confirmed = "confirmed";
    public const string Released = "released";
    public const string Refunded = "refunded";
    public const string OverLimit = "over_limit";

    public static bool IsActive(string status) => status is Reserved or PaymentPending;
}
