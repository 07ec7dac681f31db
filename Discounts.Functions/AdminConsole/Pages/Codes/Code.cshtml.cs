using System.Globalization;
using Discounts.Core.Codes;
using Discounts.Core.Fraud;
using Discounts.Core.Reservations;
using Discounts.Core.Templates;
using Discounts.Functions.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Primitives;
using Discounts.Core.Analytics;
using Discounts.Core.Usages;
using Discounts.Functions.Analytics;
using Discounts.Functions.Codes;
using Discounts.Functions.Usages;

namespace Discounts.Functions.AdminConsole.Pages.Codes;

/// <summary>
/// One code: its terms and state (GetDiscount), its analytics over a window of whole UTC days
/// (GetDiscountAnalytics: the same window rules, default the last 30 days) and its latest usages with their risk
/// (ListDiscountUsages).
/// </summary>
public sealed class CodePageModel(
    DiscountCodeService codes, AnalyticsService analytics, UsageAdminService usages, TemplateCatalog catalog, RiskOptions risk, TimeProvider clock) : ConsolePage
{
    public const int UsagesShown = 20;

    /// <summary>The window's first UTC day (yyyy-MM-dd).</summary>
    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    /// <summary>The window's last UTC day, included.</summary>
    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    public DiscountCode Code { get; private set; } = new();

    public CodeUsageCounts Counts { get; private set; } = new();

    public IReadOnlyList<string> TemplateNames { get; private set; } = [];

    public AnalyticsReport? Report { get; private set; }

    public IReadOnlyList<Usage> Usages { get; private set; } = [];

    public string? NextUsagesUrl { get; private set; }

    public bool LaterUsages { get; private set; }

    public RiskLevel Level(int score) => risk.LevelOf(score);

    /// <summary>The daily series as console.js draws it (and the table below it shows).</summary>
    public object Chart => new
    {
        type = "line",
        labels = Report!.Daily.Select(d => ConsoleFormat.Day(d.Day)),
        series = new[]
        {
            new { label = "Reservations", data = Report.Daily.Select(d => d.Reservations) },
            new { label = "Confirmations", data = Report.Daily.Select(d => d.Confirmations) },
            new { label = "Releases", data = Report.Daily.Select(d => d.Releases) },
        },
    };

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        if (await codes.GetAsync(id, ct) is not { } found)
        {
            return NotFound();
        }

        (Code, Counts) = found;
        var names = new List<string>();
        foreach (var templateId in Code.TemplateIds.Take(20))
        {
            names.Add(await catalog.GetAsync(templateId, ct) is { } t ? $"{t.Title} ({t.Slug})" : templateId.ToString());
        }

        TemplateNames = names;

        var errors = new Dictionary<string, string[]>();
        var window = new Dictionary<string, StringValues>();
        if (Day(From, "from", errors) is { } fromDay)
        {
            window["from"] = Iso(fromDay);
        }

        if (Day(To, "to", errors) is { } toDay)
        {
            window["to"] = Iso(toDay < DateOnly.MaxValue ? toDay.AddDays(1) : toDay); // the window rules refuse the end of time
        }

        if (errors.Count == 0)
        {
            var (from, to) = AnalyticsWindow.Read(new QueryCollection(window), clock.GetUtcNow().UtcDateTime, errors);
            if (errors.Count == 0)
            {
                Report = await analytics.ReportAsync(new AnalyticsQuery(id, from, to), ct);
                if (Report is null)
                {
                    return NotFound(); // deleted since it was read above
                }

                From = ConsoleFormat.Day(Report.From);
                To = ConsoleFormat.Day(Report.To.AddDays(-1));
            }
        }

        AddErrors(errors);

        var cursorErrors = new Dictionary<string, string[]>();
        var (afterAt, afterId) = Paging.TimeCursor(Request.Query, cursorErrors);
        LaterUsages = afterAt is not null && cursorErrors.Count == 0;
        Usages = await usages.ListAsync(new UsageQuery { CodeId = id, AfterReservedAt = cursorErrors.Count == 0 ? afterAt : null, AfterId = cursorErrors.Count == 0 ? afterId : null, Limit = UsagesShown }, ct) ?? [];
        if (Usages.Count == UsagesShown)
        {
            var query = new Dictionary<string, string?> { ["from"] = From, ["to"] = To, ["cursor"] = Paging.EncodeTimeCursor(Usages[^1].ReservedAt, Usages[^1].Id) };
            NextUsagesUrl = $"/console/codes/{id}" + QueryString.Create(query.Where(p => !string.IsNullOrEmpty(p.Value))).ToUriComponent() + "#usages";
        }

        return Page();
    }

    private static DateOnly? Day(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        errors[field] = [$"{field} is a day (yyyy-MM-dd)."];
        return null;
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z";
}
