namespace Discounts.Core.Codes;

/// <summary>How a code's usages stand, for admins: slots held now and usages by status.</summary>
public sealed record CodeUsageCounts
{
    public Guid CodeId { get; init; }
    public long Reserved { get; init; }
    public long PaymentPending { get; init; }
    public long Confirmed { get; init; }
    public long Released { get; init; }
    public long Refunded { get; init; }
    public long OverLimit { get; init; }
    public long SlotsTaken { get; init; }
}
