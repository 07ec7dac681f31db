using Discounts.Functions.Http;

namespace Discounts.Functions.Analytics;

/// <summary>The <c>from</c>/<c>to</c> window of the analytics: default the last 30 days, at most 366 days.</summary>
public static class AnalyticsWindow
{
    public static readonly TimeSpan Default = TimeSpan.FromDays(30);
    public static readonly TimeSpan Longest = TimeSpan.FromDays(366);

    // The daily series walks the days of the window: keep it clear of DateTime's ends.
    private static readonly DateTime Earliest = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Latest = new(9000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The window of <c>?from=&amp;to=</c> (ISO 8601, UTC); errors keyed by parameter.</summary>
    public static (DateTime From, DateTime To) Read(IQueryCollection query, DateTime now, Dictionary<string, string[]> errors)
    {
        var to = Paging.Time(query, "to", errors);
        var from = Paging.Time(query, "from", errors);
        return Check(from, to, now, errors);
    }

    /// <summary>
    /// The window from UTC times already read (the console reads dates in the admin's zone): a missing end is now, a
    /// missing start 30 days before the end; adds an error under <c>from</c> when the window is not allowed.
    /// </summary>
    public static (DateTime From, DateTime To) Check(DateTime? fromUtc, DateTime? toUtc, DateTime now, Dictionary<string, string[]> errors)
    {
        var to = toUtc ?? now;
        var from = fromUtc ?? to - Default;
        if (errors.Count == 0 && (from >= to || to - from > Longest || from < Earliest || to > Latest))
        {
            errors["from"] = ["from is before to, the window is at most 366 days, and both are between 1970 and 9000."];
        }

        return (from, to);
    }
}
