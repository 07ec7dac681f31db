using Discounts.Core.Reservations;

namespace Discounts.Core.Usages;

/// <summary>A page of usages for admins, newest first, keyed by (reserved_at, id).</summary>
public sealed record UsageQuery
{
    public Guid? CodeId { get; init; }
    public string? Status { get; init; }
    public string? ReviewStatus { get; init; }
    public DateTime? AfterReservedAt { get; init; }
    public Guid? AfterId { get; init; }
    public int Limit { get; init; } = 50;
}
