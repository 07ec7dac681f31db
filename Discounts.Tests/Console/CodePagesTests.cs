using System.Net;
using Discounts.Core.Codes;
using Discounts.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Discounts.Tests.Console;

/// <summary>
/// The pages around a code in a real browser: its analytics drawn from real holds, payments and releases; archive
/// with its confirmation; a generated campaign and its CSV; the code list on a phone.
/// </summary>
public sealed class CodePagesTests(ConsoleAppFactory app) : IClassFixture<ConsoleAppFactory>
{
    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    /// <summary>A shopper's hold on the code, paid through the Stripe webhook as the storefront's checkout ends.</summary>
    private async Task PaidAsync(string userId, DiscountCode code, long price, string currency)
    {
        var journey = await Journey.StartAsync(app, userId, code, await app.TemplateAsync(price, currency));
        app.Stripe.Complete(journey.SessionId);
        var (payload, signature) = app.SignedEvent("checkout.session.completed", journey.Session());
        await (await app.CreateClient().WebhookAsync(payload, signature)).ExpectAsync(HttpStatusCode.OK);
    }

    private async Task<Guid> HoldAsync(string userId, DiscountCode code) =>
        (await (await app.ClientFor(userId).ApplyAsync(code.Code, (await app.TemplateAsync()).Id)).ExpectAsync(HttpStatusCode.Created)).Id("reservationId");

    [Fact]
    public async Task CodeAnalytics_ChartTablesAndUsages_ShowTheRealNumbers()
    {
        var code = await app.CodeAsync(new NewDiscountCode { Code = Unique("STATS"), Kind = DiscountKind.Percent, PercentOff = 25, MaxUses = 10, Campaign = "Stats" });
        await PaidAsync("stats-usd", code, 4900, "usd");
        await PaidAsync("stats-eur", code, 10000, "eur");
        var cancelled = await HoldAsync("stats-cancel", code);
        (await app.ClientFor("stats-cancel").DeleteAsync($"/api/discount/reservations/{cancelled}")).EnsureSuccessStatusCode();
        await HoldAsync("stats-hold", code);
        var today = app.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var page = await app.SignedInPageAsync();
        var errors = new List<string>(); // a script error or a Content-Security-Policy refusal (Chart.js runs under it)
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync($"/console/codes/{code.Id}");

        await page.WaitForFunctionAsync("() => window.Chart && Chart.getChart(document.querySelector('canvas[data-chart]'))");
        var series = await page.EvaluateAsync<long[][]>("() => Chart.getChart(document.querySelector('canvas[data-chart]')).data.datasets.map(d => d.data)");
        var labels = await page.EvaluateAsync<string[]>("() => Chart.getChart(document.querySelector('canvas[data-chart]')).data.labels");
        Assert.Equal(3, series.Length);
        Assert.InRange(labels.Length, 30, 31); // the last 30 days by default, today included
        Assert.Equal(today, labels[^1]);
        Assert.Equal(new long[] { 4, 2, 1 }, series.Select(s => s[^1]).ToArray()); // reservations, confirmations, releases today
        Assert.Equal(new long[] { 4, 2, 1 }, series.Select(s => s.Sum()).ToArray()); // and on no other day
        var todayRow = page.Locator("details.numbers tr").Filter(new() { HasText = today });
        await Assertions.Expect(todayRow.Locator("td")).ToHaveTextAsync(["4", "2", "1"]);

        var main = page.Locator("main");
        await Assertions.Expect(page.Locator(".card").Filter(new() { HasText = "Conversion" })).ToContainTextAsync("50%");
        await Assertions.Expect(page.Locator(".card").Filter(new() { HasText = "Abandonment" })).ToContainTextAsync("25%");
        var usd = page.Locator("#money tbody tr").Filter(new() { HasText = "USD" });
        await Assertions.Expect(usd).ToContainTextAsync("49.00 USD");
        await Assertions.Expect(usd).ToContainTextAsync("12.25 USD"); // discount given
        await Assertions.Expect(usd).ToContainTextAsync("36.75 USD"); // revenue
        var eur = page.Locator("#money tbody tr").Filter(new() { HasText = "EUR" });
        await Assertions.Expect(eur).ToContainTextAsync("25.00 EUR");
        await Assertions.Expect(eur).ToContainTextAsync("75.00 EUR");
        await Assertions.Expect(page.Locator("#releases tbody th")).ToHaveTextAsync(["Cancelled by the shopper"]);
        await Assertions.Expect(page.Locator("#releases tbody td")).ToHaveTextAsync(["1"]);
        await Assertions.Expect(main).ToContainTextAsync("3 of 10 taken"); // the two paid and the live hold
        var usages = page.Locator("#usages tbody tr");
        await Assertions.Expect(usages).ToHaveCountAsync(4);
        await Assertions.Expect(usages.Filter(new() { HasText = "stats-hold" })).ToContainTextAsync("reserved");
        await Assertions.Expect(usages.Filter(new() { HasText = "stats-usd" })).ToContainTextAsync("low");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("code-analytics");
        Assert.Empty(errors);

        // Another window: none of it happened then.
        await page.Locator("#from").FillAsync("2020-01-01");
        await page.Locator("#to").FillAsync("2020-01-31");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(main).ToContainTextAsync("Nothing happened with this code in these days.");
        await Assertions.Expect(page.Locator("details.numbers tbody tr")).ToHaveCountAsync(31);
        await page.AssertAccessibleAsync();
    }

    [Fact]
    public async Task Archive_SaysWhatWillHappen_DeletesACodeNeverUsed_ArchivesAUsedOne()
    {
        var unused = await app.PercentCodeAsync();
        var used = await app.PercentCodeAsync();
        await HoldAsync("archive-holder", used);
        var page = await app.SignedInPageAsync();

        await page.GotoAsync($"/console/codes/{unused.Id}/archive");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("The code will be deleted.");
        await page.AssertAccessibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete " + unused.Code }).ClickAsync();
        await page.WaitForURLAsync("**/console/codes");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"{unused.Code} was deleted");
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM discount_code WHERE id = @id", new { id = unused.Id }));

        await page.GotoAsync($"/console/codes/{used.Id}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Archive" }).ClickAsync();
        await page.WaitForURLAsync($"**/console/codes/{used.Id}/archive");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("will be archived, not deleted");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("1 shopper holds it right now");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("code-archive");
        await page.GetByRole(AriaRole.Button, new() { Name = "Archive " + used.Code }).ClickAsync();
        await page.WaitForURLAsync("**/console/codes");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"{used.Code} is archived");
        await page.AssertAccessibleAsync();
        Assert.Equal(CodeStatus.Archived, await app.ScalarAsync<string>("SELECT status FROM discount_code WHERE id = @id", new { id = used.Id }));

        await page.GotoAsync($"/console/codes/{used.Id}/edit");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("archived, so it cannot be edited");
        await page.AssertAccessibleAsync();
        var missing = await page.GotoAsync($"/console/codes/{unused.Id}");
        Assert.Equal((int)HttpStatusCode.NotFound, missing!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not found" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task GenerateCampaign_25Codes_TheCsvHoldsExactlyTheCampaignsCodes()
    {
        var campaign = Unique("Spring sale ");
        var page = await app.SignedInPageAsync();
        await page.GotoAsync("/console/campaigns/new");
        await page.GetByLabel("How many").FillAsync("25");
        await page.GetByLabel("Prefix").FillAsync("spr-");
        await page.GetByLabel("Percent off").FillAsync("15");
        await page.GetByLabel("Expires").FillAsync("2030-06-30T23:59");
        await page.GetByLabel("Campaign").FillAsync(campaign);
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("campaign-generate");

        await page.GetByRole(AriaRole.Button, new() { Name = "Generate codes" }).ClickAsync();

        await page.WaitForURLAsync("**/console/campaigns/new?generation=*");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "25 codes generated for " + campaign })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("campaign-done");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download CSV" }).ClickAsync());
        Assert.Equal(campaign.ToLowerInvariant().Replace(' ', '-') + "-codes.csv", download.SuggestedFilename);
        var lines = (await File.ReadAllLinesAsync((await download.PathAsync())!)).Where(l => l.Length > 0).ToList();
        Assert.StartsWith("id,code,description,kind,percent_off", lines[0], StringComparison.Ordinal);
        var csvCodes = lines.Skip(1).Select(l => l.Split(',')[1]).Order(StringComparer.Ordinal).ToList();
        var stored = (await app.QueryAsync<string>("SELECT code FROM discount_code WHERE campaign = @campaign", new { campaign })).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(25, stored.Count);
        Assert.Equal(stored, csvCodes);
        Assert.All(csvCodes, c => Assert.StartsWith("SPR-", c, StringComparison.Ordinal));
        Assert.Equal(1L, await app.ScalarAsync<long>("SELECT count(DISTINCT (max_uses, percent_bps, expires_at)) FROM discount_code WHERE campaign = @campaign", new { campaign }));

        // The server's rules, beside their fields.
        await page.GotoAsync("/console/campaigns/new");
        await page.GetByLabel("How many").FillAsync("0");
        await page.GetByLabel("Prefix").FillAsync("no spaces");
        await page.GetByLabel("Percent off").FillAsync("15");
        await page.GetByRole(AriaRole.Button, new() { Name = "Generate codes" }).ClickAsync();
        await Assertions.Expect(page.Locator("#count-error")).ToContainTextAsync("count is 1..");
        await Assertions.Expect(page.Locator("#prefix-error")).ToContainTextAsync("prefix");
        await page.AssertAccessibleAsync();
    }

    [Fact]
    public async Task CodeList_AtPhoneWidth_HasNoSidewaysScroll_AndPassesAxe()
    {
        await app.CodeAsync(new NewDiscountCode
        {
            Code = Unique("PHONE-LONG-CODE-"), Kind = DiscountKind.Fixed, AmountOff = 1250, Currency = "usd", MaxUses = 500, Campaign = "A rather long campaign name",
            Description = "A description long enough to wrap over several lines on a phone screen",
        });
        var code = await app.PercentCodeAsync(maxUses: 5);
        var page = await app.SignedInPageAsync(width: 390);

        foreach (var path in new[] { "/console/codes", "/console/codes/new", $"/console/codes/{code.Id}", $"/console/codes/{code.Id}/edit", $"/console/codes/{code.Id}/archive", "/console/campaigns/new" })
        {
            await page.GotoAsync(path);
            var wide = await page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > 391 && (!e.closest('.table-wrap') || getComputedStyle(e).position !== 'static'))
                    .map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className + ' ' + getComputedStyle(e).position + ' ' + Math.round(e.getBoundingClientRect().right))
                    .concat([document.documentElement.scrollWidth + ' ' + document.body.scrollWidth + ' ' + document.querySelector('main').scrollWidth])
                """);
            Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 391, path + " scrolls sideways at 390 px: " + string.Join(", ", wide));
            await page.AssertAccessibleAsync();
            if (path == "/console/codes")
            {
                await Assertions.Expect(page.Locator(".table-wrap")).ToBeVisibleAsync();
                await page.ScreenshotAsync("codes-phone");
            }
        }
    }
}
