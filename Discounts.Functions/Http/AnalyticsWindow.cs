namespace Discounts.Functions.Http;

/// <summary>The <c>from</c>/<c>to</c> window of the analytics: default the last 30 days, at most 366 days.</summary>
public static class AnalyticsWindow
{
    public static readonly TimeSpan Default = TimeSpan.FromDays(30);
    public static readonly TimeSpan Longest = TimeSpan.FromDays(366);

    // The daily series walks the days of the window: keep it clear of DateTime's ends.
    private static readonly DateTime Earliest = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Latest = new(9000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static (DateTime From, DateTime To) Read(IQueryCollection query, DateTime now, Dictionary<string, string[]> errors)
    {
        var to = Paging.Time(query, "to", errors) ?? now;
        var from = Paging.Time(query, "from", errors) ?? to - Default;
        if (errors.Count == 0 && (from >= to || to - from > Longest || from < Earliest || to > Latest))
        {
            errors["from"] = ["from is before to, the window is at most 366 days, and both are between 1970 and 9000."];
        }

        return (from, to);
    }
}
