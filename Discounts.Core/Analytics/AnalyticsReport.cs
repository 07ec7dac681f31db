using Discounts.Core.Reservations;

namespace Discounts.Core.Analytics;

/// <summary>
/// Usage and money over whole UTC days [From, To): reservations made, and of those how many were paid
/// (converted), walked away from (abandoned: expired, cancelled, session expired) or flagged for review, each
/// also as a share of the reservations; held-to-paid (reservations per paid one, EC-044: a code whose holds are
/// taken and not paid for shows it here; null while none is paid); confirmations and releases by reason that happened in the window;
/// money per currency over purchases paid in the window, and refunds made in it.
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
    public long Abandoned { get; init; }
    public decimal Abandonment { get; init; }
    public long Flagged { get; init; }
    public decimal FlaggedShare { get; init; }
    public decimal? HeldToPaid { get; init; }
    public IReadOnlyDictionary<string, long> ReleasesByReason { get; init; } = new Dictionary<string, long>();
    public IReadOnlyList<CurrencyTotals> Money { get; init; } = [];
    public IReadOnlyList<DailyCounts> Daily { get; init; } = [];
    public IReadOnlyList<CodeRanking> TopCodes { get; init; } = [];
}

/// <summary>One currency: purchases paid in the window (what was charged, the discount given) and refunds made in it.</summary>
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

/// <summary>One UTC day of the series: reservations made, confirmations and releases (any reason) that happened that day.</summary>
public sealed record DailyCounts(DateTime Day, long Reservations, long Confirmations, long Releases);

/// <summary>A code of the system ranking, by confirmations in the window.</summary>
public sealed record CodeRanking
{
    public Guid CodeId { get; init; }
    public string Code { get; init; } = "";
    public long Reservations { get; init; }
    public long Confirmations { get; init; }
}
