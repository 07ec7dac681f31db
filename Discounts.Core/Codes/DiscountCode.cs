namespace Discounts.Core.Codes;

/// <summary>A row of <c>discount_code</c>. Times are UTC.</summary>
public sealed record DiscountCode
{
    public Guid Id { get; init; }
    public string Code { get; init; } = "";
    public string Description { get; init; } = "";
    public string Kind { get; init; } = DiscountKind.Percent;
    public int? PercentBps { get; init; }
    public long? AmountOff { get; init; }
    public string? Currency { get; init; }
    public int? MaxUses { get; init; }
    public int MaxUsesPerUser { get; init; } = 1;
    public long? MinOrderAmount { get; init; }
    public Guid[] TemplateIds { get; init; } = [];
    public bool FirstPurchaseOnly { get; init; }
    public DateTime? StartsAt { get; init; }
    public DateTime? ExpiresAt { get; init; }
    public string Status { get; init; } = CodeStatus.Active;
    public string? Campaign { get; init; }
    public bool RefundReleasesSlot { get; init; }
    public int Version { get; init; } = 1;
    public string CreatedBy { get; init; } = "";
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
}
