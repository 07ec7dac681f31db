using System.Net;
using System.Text.RegularExpressions;
using Discounts.Core.Codes;
using Discounts.Tests.Infrastructure;
using Microsoft.Playwright;
using Discounts.Functions.Export;

namespace Discounts.Tests.Console;

/// <summary>The export page in a real browser: each download is ExportData's CSV, with the database's rows.</summary>
public sealed class ExportPageTests(ConsoleAppFactory app) : IClassFixture<ConsoleAppFactory>
{
    [Fact]
    public async Task Export_DownloadsCodesUsagesAndPurchases_TheSameCsvAsExportData_RowsMatchTheDatabase()
    {
        var code = await app.PercentCodeAsync(25, maxUses: 10);
        await app.CodeAsync(new NewDiscountCode
        {
            Code = "EXP" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant(), Kind = DiscountKind.Percent, PercentOff = 10, Description = "=HYPERLINK(\"x\")",
        });
        var paid = await Journey.StartAsync(app, "export-paid", code);
        app.Stripe.Complete(paid.SessionId);
        var (payload, signature) = app.SignedEvent("checkout.session.completed", paid.Session());
        await (await app.CreateClient().WebhookAsync(payload, signature)).ExpectAsync(HttpStatusCode.OK);
        await Journey.StartAsync(app, "export-pending", code);
        var page = await app.SignedInPageAsync();
        var api = app.ClientFor("admin-export", admin: true);

        await page.GotoAsync("/console/export");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("export");

        foreach (var (type, label, table) in new[] { ("codes", "Codes", "discount_code"), ("usages", "Usages", "discount_usage"), ("purchases", "Purchases", "purchase") })
        {
            await page.GetByLabel(label, new() { Exact = true }).CheckAsync();
            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download CSV" }).ClickAsync());

            Assert.Matches(new Regex($"^{type}-\\d{{8}}T\\d{{6}}Z\\.csv$"), download.SuggestedFilename);
            var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
            Assert.Equal(await (await api.GetAsync($"/api/manage/export?type={type}")).Content.ReadAsStringAsync(), csv);
            var lines = csv.Split(["\r\n", "\n"], StringSplitOptions.RemoveEmptyEntries);
            Assert.StartsWith("id,", lines[0]);
            var ids = lines.Skip(1).Select(line => Guid.Parse(line[..36])).Order().ToList();
            Assert.Equal((await app.QueryAsync<Guid>($"SELECT id FROM {table}")).Order().ToList(), ids);
            Assert.NotEmpty(ids);
        }

        var codes = await File.ReadAllTextAsync((await (await page.RunAndWaitForDownloadAsync(async () =>
        {
            await page.GetByLabel("Codes", new() { Exact = true }).CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Download CSV" }).ClickAsync();
        })).PathAsync())!);
        Assert.Contains("'=HYPERLINK", codes, StringComparison.Ordinal); // a formula is escaped, as ExportData escapes it
        Assert.Contains("paid", await File.ReadAllTextAsync((await (await page.RunAndWaitForDownloadAsync(async () =>
        {
            await page.GetByLabel("Purchases", new() { Exact = true }).CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Download CSV" }).ClickAsync();
        })).PathAsync())!), StringComparison.Ordinal);

        // A type ExportData refuses is refused here, beside the choice.
        await page.GotoAsync("/console/export?handler=download&type=bogus");
        await Assertions.Expect(page.Locator("#type-error")).ToHaveTextAsync("type is codes, usages or purchases.");
        await page.AssertAccessibleAsync();
    }
}
