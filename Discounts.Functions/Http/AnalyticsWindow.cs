namespace Discounts.Functions.Http;

/// <summary>The <c>from</c>/<c>to</c> window of the analytics: default the last 30 days, at most 366 days.</summary>
public static class AnalyticsWindow
{
    public static readonly TimeSpan Default = TimeSpan.FromDays(30);
    public static readonly TimeSpan Longest = TimeSpan.FromDays(366);

    public static (DateTime From, DateTime To) Read(IQueryCollection query, DateTime now, Dictionary<string, string[]> errors)
    {
        var to = Paging.Time(query, "to", errors) ?? now;
        var from = Paging.Time(query, "from", errors) ?? to - Default;
        if (errors.Count == 0 && (from >= to || to - from > Longest))
        {
            errors["from"] = ["from is before to, and the window is at most 366 days."];
        }

        return (from, to);
    }
}
