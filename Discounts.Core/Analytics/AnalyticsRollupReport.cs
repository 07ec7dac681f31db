namespace Discounts.Core.Analytics;

/// <summary>What a rollup run did: days before SealedBefore are in the rollup tables.</summary>
public sealed record AnalyticsRollupReport
{
    public bool Skipped { get; init; }
    public DateOnly SealedBefore { get; init; }
    public int ChangedDaysRolledUpAgain { get; init; }
    public int RowsChanged { get; init; }
}
