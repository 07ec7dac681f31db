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

/// <summary>A purchase of the local checkout and its reservation (none without a code), as they stand.</summary>
public sealed record LocalCheckoutOutcome
{
    public Guid PurchaseId { get; init; }
    public string PurchaseStatus { get; init; } = "";
    public Guid? ReservationId { get; init; }
    public string? ReservationStatus { get; init; }
}
