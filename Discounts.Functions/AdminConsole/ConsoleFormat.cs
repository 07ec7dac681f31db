using System.Globalization;

namespace Discounts.Functions.AdminConsole;

/// <summary>
/// How the console shows values: times in the admin's time zone (the browser's, sent in the <c>console_tz</c>
/// cookie by console.js; UTC until it has), read back from that zone into UTC, and money from minor units with
/// the currency's own number of decimals.
/// </summary>
public sealed class ConsoleFormat(TimeZoneInfo zone)
{
    /// <summary>ISO 4217 currencies without minor units, and with three (the rest have two), as Stripe lists them.</summary>
    private static readonly HashSet<string> ZeroDecimal = ["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"];
    private static readonly HashSet<string> ThreeDecimal = ["bhd", "jod", "kwd", "omr", "tnd"];

    public TimeZoneInfo Zone { get; } = zone;

    public string ZoneName => Zone.Id;

    public static ConsoleFormat For(HttpContext context) =>
        context.Request.Cookies[ConsoleSite.TimeZoneCookie] is { Length: > 0 and <= 64 } id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)
            ? new ConsoleFormat(zone)
            : new ConsoleFormat(TimeZoneInfo.Utc);

    /// <summary>"2026-12-02 14:05" in the admin's zone, or an em dash.</summary>
    public string Time(DateTime? utc) => utc is { } at
        ? TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(at, DateTimeKind.Utc), Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
        : "—";

    /// <summary>The machine-readable UTC instant for a <c>&lt;time datetime&gt;</c> attribute.</summary>
    public static string Iso(DateTime? utc) => utc is { } at ? DateTime.SpecifyKind(at, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "";

    /// <summary>The value of a <c>datetime-local</c> input showing <paramref name="utc"/> in the admin's zone.</summary>
    public string LocalInput(DateTime? utc) => utc is { } at
        ? TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(at, DateTimeKind.Utc), Zone).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture)
        : "";

    /// <summary>The value of a <c>date</c> input: the day <paramref name="utc"/> falls on in the admin's zone.</summary>
    public string LocalDate(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A <c>date</c> input's day, read in the admin's zone, as the UTC instant its midnight is (<paramref name="addDays"/> later: 1 for the end of the day); null when empty; false when it is no date.</summary>
    public bool TryUtcDate(string? date, out DateTimeOffset? utc, int addDays = 0)
    {
        utc = null;
        if (string.IsNullOrWhiteSpace(date))
        {
            return true;
        }

        if (!DateOnly.TryParseExact(date.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) || day.Year is < 2 or > 9998)
        {
            return false;
        }

        return TryUtc(day.AddDays(addDays).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00", out utc);
    }

    /// <summary>A <c>datetime-local</c> value, read in the admin's zone, as UTC; null when empty; false when it is no time.</summary>
    public bool TryUtc(string? local, out DateTimeOffset? utc)
    {
        utc = null;
        if (string.IsNullOrWhiteSpace(local))
        {
            return true;
        }

        // Years at DateTime's ends are refused: a zone's offset would carry the instant past them.
        if (!DateTime.TryParseExact(local.Trim(), ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ||
            at.Year is < 2 or > 9998)
        {
            return false;
        }

        // A time that does not exist in the zone (the hour a clock skips) is read as the hour after.
        if (Zone.IsInvalidTime(at))
        {
            at = at.AddHours(1);
        }

        utc = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(at, Zone), TimeSpan.Zero);
        return true;
    }

    /// <summary>"2026-12-02": the UTC day of <paramref name="utc"/> (the analytics count whole UTC days).</summary>
    public static string Day(DateTime utc) => utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static int Decimals(string currency) =>
        ZeroDecimal.Contains(currency.ToLowerInvariant()) ? 0 : ThreeDecimal.Contains(currency.ToLowerInvariant()) ? 3 : 2;

    /// <summary>"1,234.50 USD" from 123450 minor units of usd; "1,200 JPY" from 1200 of jpy.</summary>
    public static string Money(long minor, string currency)
    {
        var decimals = Decimals(currency);
        var amount = minor / (decimal)Math.Pow(10, decimals);
        return amount.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + " " + currency.ToUpperInvariant();
    }

    /// <summary>A percentage from basis points: 2550 is "25.5%".</summary>
    public static string Percent(int basisPoints) => (basisPoints / 100m).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    /// <summary>A share (0..1) as a percentage: 0.4 is "40%".</summary>
    public static string Share(decimal share) => (share * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";
}
