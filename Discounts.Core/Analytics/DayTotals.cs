namespace Discounts.Core.Analytics;

/// <summary>One UTC day of facts: the day's reservations and what became of them, and the day's confirmations.</summary>
internal sealed record DayTotals
{
    public DateTime Day { get; init; }
    public long Reservations { get; init; }
    public long Converted { get; init; }
    public long Abandoned { get; init; }
    public long Flagged { get; init; }
    public long Confirmations { get; init; }
}
