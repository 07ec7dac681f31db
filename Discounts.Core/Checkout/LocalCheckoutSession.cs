namespace Discounts.Core.Checkout;

/// <summary>A row of <c>local_checkout_session</c>: the offline stand-in for a Stripe Checkout Session.</summary>
public sealed record LocalCheckoutSession
{
    public string Id { get; init; } = "";
    public Guid PurchaseId { get; init; }
    public long Amount { get; init; }
    public string Currency { get; init; } = "";
    public string Status { get; init; } = "open";
    public string PaymentStatus { get; init; } = "unpaid";
    public string? PaymentIntentId { get; init; }
    public string Metadata { get; init; } = "{}";
    public DateTime ExpiresAt { get; init; }
    public DateTime CreatedAt { get; init; }
}
