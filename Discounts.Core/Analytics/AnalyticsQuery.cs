namespace Discounts.Core.Analytics;

/// <summary>A window [From, To) of the analytics, for one code or (CodeId null) for all.</summary>
public sealed record AnalyticsQuery(Guid? CodeId, DateTime From, DateTime To);
