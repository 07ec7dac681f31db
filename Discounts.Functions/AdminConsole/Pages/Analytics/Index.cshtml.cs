using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Discounts.Core.Analytics;
using Discounts.Functions.Analytics;

namespace Discounts.Functions.AdminConsole.Pages.Analytics;

/// <summary>
/// The system analytics (GetSystemAnalytics): a window of days read in the admin's zone and checked as the function
/// checks it (<see cref="AnalyticsWindow"/>), totals, money per currency, the top codes and the daily series, drawn
/// by Chart.js and given as a table too.
/// </summary>
public sealed class AnalyticsModel(AnalyticsService analytics, TimeProvider clock) : ConsolePage
{
    /// <summary>The first day (a date input, in the admin's zone); default 29 days before today.</summary>
    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    /// <summary>The last day, included; default today.</summary>
    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    public AnalyticsReport? Report { get; private set; }

    public bool Empty => Report is { Reservations: 0, Confirmations: 0, Money.Count: 0 };

    public async Task OnGetAsync()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (string.IsNullOrWhiteSpace(From) && string.IsNullOrWhiteSpace(To))
        {
            To = Format.LocalDate(now);
            From = Format.LocalDate(now.AddDays(-29));
        }

        var errors = new Dictionary<string, string[]>();
        if (!Format.TryUtcDate(From, out var from))
        {
            errors["from"] = ["from is a date (yyyy-mm-dd)."];
        }

        // The last day is included: the window ends at the next midnight in the admin's zone.
        if (!Format.TryUtcDate(To, out var to, addDays: 1))
        {
            errors["to"] = ["to is a date (yyyy-mm-dd)."];
        }

        var (fromUtc, toUtc) = AnalyticsWindow.Check(from?.UtcDateTime, to?.UtcDateTime, now, errors);
        if (errors.Count > 0)
        {
            AddErrors(errors);
            return;
        }

        Report = await analytics.ReportAsync(new AnalyticsQuery(null, fromUtc, toUtc), HttpContext.RequestAborted);
    }

    /// <summary>The chart's data for console.js: the daily series as two bar series.</summary>
    public object Chart() => new
    {
        type = "bar",
        labels = Report!.Daily.Select(d => ConsoleFormat.Day(d.Day)).ToArray(),
        series = new object[]
        {
            new { label = "Reservations", data = Report.Daily.Select(d => d.Reservations).ToArray() },
            new { label = "Confirmations", data = Report.Daily.Select(d => d.Confirmations).ToArray() },
        },
    };

    public static string HeldToPaid(decimal? value) => value is { } v ? v.ToString("0.##", CultureInfo.InvariantCulture) : "—";
}
