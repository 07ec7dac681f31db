namespace Discounts.Core.Checkout;

/// <summary>A row of <c>purchase</c>: what the customer pays, in minor units, and its Stripe identifiers.</summary>
public sealed record Purchase
{
    public Guid Id { get; init; }
    public string UserId { get; init; } = "";
    public Guid TemplateId { get; init; }
    public Guid? UsageId { get; init; }
    public long OriginalAmount { get; init; }
    public long DiscountAmount { get; init; }
    public long FinalAmount { get; init; }
    public string Currency { get; init; } = "";
    public string Status { get; init; } = PurchaseStatus.Pending;
    public string? IdempotencyKey { get; init; }
    public string? StripeSessionId { get; init; }
    public string? StripePaymentIntentId { get; init; }
    public string? CheckoutUrl { get; init; }
    public DateTime SessionExpiresAt { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public DateTime? PaidAt { get; init; }
}
