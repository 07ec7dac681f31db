namespace Discounts.Core.Checkout;

/// <summary>pending -> paid | failed | expired; paid -> refunded; failed | expired -> paid when the provider says it was paid.</summary>
public static class PurchaseStatus
{
    public const string Pending = "pending";
    public const string Paid = "paid";
    public const string Failed = "failed";
    public const string Expired = "expired";
    public const string Refunded = "refunded";
}
