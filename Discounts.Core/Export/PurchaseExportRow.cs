namespace Discounts.Core.Export;

/// <summary>A purchase as exported for accounting (EC-045): original price, discount and final amount, and the code.</summary>
public sealed record PurchaseExportRow
{
    public Guid Id { get; init; }
    public string UserId { get; init; } = "";
    public Guid TemplateId { get; init; }
    public Guid? UsageId { get; init; }
    public string? Code { get; init; }
    public string Status { get; init; } = "";
    public string Currency { get; init; } = "";
    public long OriginalAmount { get; init; }
    public long DiscountAmount { get; init; }
    public long FinalAmount { get; init; }
    public string? StripeSessionId { get; init; }
    public string? StripePaymentIntentId { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? PaidAt { get; init; }
}
