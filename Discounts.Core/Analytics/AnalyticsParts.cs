namespace Discounts.Core.Analytics;

/// <summary>
/// A report's window split in two: sealed days [FromDay, SealedEnd) from the rollup tables, and event times
/// [Start, End) from the live tables. Start is never before SealedEnd, so nothing is counted twice.
/// </summary>
internal sealed record AnalyticsParts(Guid? CodeId, DateOnly FromDay, DateOnly SealedEnd, DateTime Start, DateTime End)
{
    public bool PerCode => CodeId is not null;
}
