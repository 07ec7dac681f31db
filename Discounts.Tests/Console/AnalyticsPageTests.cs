using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Discounts.Core.Codes;
using Discounts.Core.Templates;
using Discounts.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Discounts.Tests.Console;

/// <summary>The system analytics page in a real browser: its chart and tables hold the database's numbers, money per currency.</summary>
public sealed class AnalyticsPageTests(ConsoleAppFactory app) : IClassFixture<ConsoleAppFactory>
{
    private async Task PaidAsync(string userId, DiscountCode code, Template template)
    {
        var journey = await Journey.StartAsync(app, userId, code, template);
        app.Stripe.Complete(journey.SessionId);
        var (payload, signature) = app.SignedEvent("checkout.session.completed", journey.Session());
        await (await app.CreateClient().WebhookAsync(payload, signature)).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SystemAnalytics_ChartAndTablesHoldTheDatabaseNumbers_MoneyFormattedPerCurrency()
    {
        var code = await app.PercentCodeAsync(25, maxUses: 20);
        var usd = await app.TemplateAsync(price: 4900, currency: "usd");
        var jpy = await app.TemplateAsync(price: 1200, currency: "jpy");
        await PaidAsync("an-console-1", code, usd);
        await PaidAsync("an-console-2", code, usd);
        app.Clock.Advance(TimeSpan.FromDays(2));
        await PaidAsync("an-console-3", code, jpy);
        var cancelled = (await (await app.ClientFor("an-console-4").ApplyAsync(code.Code, usd.Id)).ExpectAsync(HttpStatusCode.Created)).Id("reservationId");
        await app.ClientFor("an-console-4").DeleteAsync($"/api/discount/reservations/{cancelled}");
        app.Clock.Advance(TimeSpan.FromDays(1));
        var page = await app.SignedInPageAsync();

        await page.GotoAsync("/console/analytics");
        await page.WaitForFunctionAsync("() => window.Chart && Chart.getChart(document.querySelector('canvas[data-chart]'))");

        var labels = await page.EvaluateAsync<string[]>("() => Chart.getChart(document.querySelector('canvas[data-chart]')).data.labels");
        var series = await page.EvaluateAsync<long[][]>("() => Chart.getChart(document.querySelector('canvas[data-chart]')).data.datasets.map(d => d.data)");
        var reservedPerDay = (await app.QueryAsync<(DateTime Day, long Count)>(
            "SELECT (reserved_at AT TIME ZONE 'UTC')::date, count(*) FROM discount_usage GROUP BY 1")).ToDictionary(d => d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d => d.Count);
        var confirmedPerDay = (await app.QueryAsync<(DateTime Day, long Count)>(
            "SELECT (confirmed_at AT TIME ZONE 'UTC')::date, count(*) FROM discount_usage WHERE confirmed_at IS NOT NULL GROUP BY 1")).ToDictionary(d => d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d => d.Count);
        Assert.InRange(labels.Length, 30, 31);
        Assert.Equal(2, series.Length);
        Assert.Equal(labels.Select(day => reservedPerDay.GetValueOrDefault(day)), series[0]);
        Assert.Equal(labels.Select(day => confirmedPerDay.GetValueOrDefault(day)), series[1]);
        Assert.Equal(4, series[0].Sum());
        Assert.Equal(3, series[1].Sum());

        // The totals.
        await Assertions.Expect(page.Locator("[data-total=reservations]")).ToHaveTextAsync("4");
        await Assertions.Expect(page.Locator("[data-total=confirmations]")).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator("[data-total=conversion]")).ToHaveTextAsync("75%");
        await Assertions.Expect(page.Locator("[data-total=abandonment]")).ToHaveTextAsync("25%");
        await Assertions.Expect(page.Locator("[data-total=held-to-paid]")).ToHaveTextAsync("1.33");

        // Money in each currency's own units: yen have no decimals.
        var usdRow = page.Locator("tr[data-currency=usd]");
        await Assertions.Expect(usdRow.Locator("td").Nth(0)).ToHaveTextAsync("2");
        await Assertions.Expect(usdRow.Locator("td").Nth(1)).ToContainTextAsync("73.50 USD");
        await Assertions.Expect(usdRow.Locator("td").Nth(2)).ToHaveTextAsync("24.50 USD");
        var jpyRow = page.Locator("tr[data-currency=jpy]");
        await Assertions.Expect(jpyRow.Locator("td").Nth(1)).ToContainTextAsync("900 JPY");
        await Assertions.Expect(jpyRow.Locator("td").Nth(2)).ToHaveTextAsync("300 JPY");

        var top = page.Locator("table.top-codes").GetByRole(AriaRole.Link, new() { Name = code.Code });
        await Assertions.Expect(top).ToHaveAttributeAsync("href", $"/console/codes/{code.Id}");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("analytics");

        // The same numbers in the accessible table.
        await page.GetByText("The daily numbers as a table").ClickAsync();
        var table = page.Locator("details.daily table");
        await Assertions.Expect(table.Locator("tbody tr")).ToHaveCountAsync(labels.Length);
        foreach (var (day, count) in reservedPerDay)
        {
            await Assertions.Expect(table.GetByRole(AriaRole.Row).Filter(new() { HasText = day }).Locator("td").First).ToHaveTextAsync(count.ToString(CultureInfo.InvariantCulture));
        }

        await page.AssertAccessibleAsync();

        // A window the function refuses is refused here too, beside the field.
        await page.GetByLabel("From").FillAsync("2026-02-01");
        await page.GetByLabel("To (included)").FillAsync("2026-01-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("from=2026-02-01"));
        await Assertions.Expect(page.Locator("#from-error")).ToContainTextAsync("from is before to");
        await Assertions.Expect(page.Locator("canvas[data-chart]")).ToHaveCountAsync(0);
        await page.AssertAccessibleAsync();
    }
}
