namespace Discounts.Core.Reservations;

/// <summary>A row of <c>discount_usage</c>: one reservation, with the terms frozen at apply (invariant 6).</summary>
public sealed record Usage
{
    public Guid Id { get; init; }
    public Guid CodeId { get; init; }
    public string Code { get; init; } = "";
    public string UserId { get; init; } = "";
    public string? Email { get; init; }
    public Guid TemplateId { get; init; }
    public string Kind { get; init; } = "";
    public int? PercentBps { get; init; }
    public long? AmountOff { get; init; }
    public long OriginalAmount { get; init; }
    public long DiscountAmount { get; init; }
    public long FinalAmount { get; init; }
    public string Currency { get; init; } = "";
    public bool MinimumChargeApplied { get; init; }
    public string Status { get; init; } = UsageStatus.Reserved;
    public DateTime ReservedAt { get; init; }
    public DateTime ExpiresAt { get; init; }
    public DateTime? ExtendedAt { get; init; }
    public DateTime? ConfirmedAt { get; init; }
    public DateTime? ReleasedAt { get; init; }
    public string? ReleaseReason { get; init; }
    public string? ClientIp { get; init; }
    public string? DeviceFingerprint { get; init; }
    public string? StripeSessionId { get; init; }
    public Guid? PurchaseId { get; init; }
    public int RiskScore { get; init; }
    public string RiskSignals { get; init; } = "[]";
    public string ReviewStatus { get; init; } = "none";
    public string? CardFingerprint { get; init; }
    public DateTime UpdatedAt { get; init; }
}
