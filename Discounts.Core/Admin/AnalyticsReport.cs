namespace Discounts.Core.Admin;

/// <summary>
/// Usage and money in a window: reservations made, confirmations (paid) and releases by reason; conversion is
/// the share of the window's reservations that were paid; money is per currency over purchases paid in the window.
/// </summary>
public sealed record AnalyticsReport
{
    public Guid? CodeId { get; init; }
    public DateTime From { get; init; }
    public DateTime To { get; init; }
    public long Reservations { get; init; }
    public long Confirmations { get; init; }
    public long Converted { get; init; }
    public decimal Conversion { get; init; }
    public IReadOnlyDictionary<string, long> ReleasesByReason { get; init; } = new Dictionary<string, long>();
    public IReadOnlyList<CurrencyTotals> Money { get; init; } = [];
    public IReadOnlyList<DailyCounts> Daily { get; init; } = [];
    public IReadOnlyList<CodeRanking> TopCodes { get; init; } = [];
}

/// <summary>Purchases paid in the window, in one currency: what was charged, the discount given, what was refunded.</summary>
public sealed record CurrencyTotals
{
    public string Currency { get; init; } = "";
    public long Purchases { get; init; }
    public long OriginalAmount { get; init; }
    public long DiscountGiven { get; init; }
    public long Revenue { get; init; }
    public long RefundedPurchases { get; init; }
    public long RefundedAmount { get; init; }
}

/// <summary>One UTC day of the series.</summary>
public sealed record DailyCounts(DateTime Day, long Reservations, long Confirmations);

/// <summary>A code of the system ranking, by confirmations in the window.</summary>
public sealed record CodeRanking
{
    public Guid CodeId { get; init; }
    public string Code { get; init; } = "";
    public long Reservations { get; init; }
    public long Confirmations { get; init; }
}
