namespace Discounts.Functions.Hosting;

/// <summary>The timer binding data the Functions host sends (<c>Data.timer</c>), or the standalone scheduler's equivalent.</summary>
public sealed record TimerInfo(bool IsPastDue, DateTimeOffset? ScheduledAt = null);
