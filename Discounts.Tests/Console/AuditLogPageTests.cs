using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Discounts.Tests.Infrastructure;
using Microsoft.Playwright;
using Discounts.Functions.Audit;

namespace Discounts.Tests.Console;

/// <summary>The audit log page in a real browser: ListAuditLog's filters and paging, documents shown encoded.</summary>
public sealed class AuditLogPageTests(ConsoleAppFactory app) : IClassFixture<ConsoleAppFactory>
{
    [Fact]
    public async Task AuditLog_FilterByActionAndCode_PagesThroughEveryRow_DocumentsShownEncoded()
    {
        var code = await app.PercentCodeAsync(10, maxUses: 5);
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        var admin = app.ClientFor("admin-console-audit", admin: true);
        string[] descriptions = ["one", "two", "three", "four", "<b>five</b>"];
        for (var i = 0; i < descriptions.Length; i++)
        {
            await (await admin.PatchDiscountAsync(code.Id, $"\"{i + 1}\"", $$"""{"description":"{{descriptions[i]}}"}""")).ExpectAsync(HttpStatusCode.OK);
        }

        var template = await app.TemplateAsync();
        await (await app.ClientFor("audit-shopper").ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created);
        var expected = await app.QueryAsync<long>(
            "SELECT id FROM discount_audit_log WHERE action = 'code.updated' AND code_id = @id ORDER BY id DESC", new { id = code.Id });
        Assert.Equal(5, expected.Count);
        var page = await app.SignedInPageAsync();

        await page.GotoAsync("/console/audit?limit=2");
        await page.GetByLabel("Action").FillAsync("code.updated");
        await page.GetByLabel("Code id").FillAsync(code.Id.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("action=code.updated"));

        var seen = new List<long>();
        for (var pages = 1; ; pages++)
        {
            var rows = page.Locator("tr[data-audit]");
            await Assertions.Expect(rows.First).ToBeVisibleAsync();
            Assert.InRange(await rows.CountAsync(), 1, 2);
            foreach (var row in await rows.AllAsync())
            {
                seen.Add(long.Parse((await row.GetAttributeAsync("data-audit"))!, CultureInfo.InvariantCulture));
                await Assertions.Expect(row.GetByRole(AriaRole.Rowheader)).ToHaveTextAsync("code.updated");
                await Assertions.Expect(row).ToContainTextAsync("user:admin-console-audit");
            }

            if (pages == 1)
            {
                // The newest change first: its documents, pretty and encoded.
                var first = rows.First;
                await first.Locator("summary").ClickAsync();
                await Assertions.Expect(first.Locator("summary")).ToContainTextAsync("changed: version, description");
                await Assertions.Expect(first.Locator("pre.json").Last).ToContainTextAsync("\"description\": \"<b>five</b>\"");
                Assert.Equal(0, await page.Locator("main pre b").CountAsync());
                await page.AssertAccessibleAsync();
                await page.ScreenshotAsync("audit-log");
            }

            var next = page.GetByRole(AriaRole.Link, new() { Name = "Next page" });
            if (await next.CountAsync() == 0)
            {
                break;
            }

            await next.ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("cursor="));
            Assert.True(pages < 10, "the pager does not end");
        }

        Assert.Equal(expected, seen);
        await Assertions.Expect(page.GetByLabel("Action")).ToHaveValueAsync("code.updated");

        // The function's checks, beside the fields; and the empty state.
        await page.GotoAsync("/console/audit?codeId=nope&limit=500");
        await Assertions.Expect(page.Locator("#codeId-error")).ToHaveTextAsync("codeId is a UUID.");
        await Assertions.Expect(page.Locator("#limit-error")).ToHaveTextAsync("limit is 1..200.");
        await page.AssertAccessibleAsync();
        await page.GotoAsync("/console/audit?action=no.such.action");
        await Assertions.Expect(page.Locator(".empty")).ToHaveTextAsync("No entry matches these filters.");

        // Times are read in the admin's zone (Europe/Berlin here): the code was created ten minutes before its changes.
        var created = await app.ScalarAsync<DateTime>("SELECT at FROM discount_audit_log WHERE code_id = @id AND action = 'code.created'", new { id = code.Id });
        var berlin = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(created, DateTimeKind.Utc), TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        await page.GotoAsync($"/console/audit?codeId={code.Id}&to={berlin.AddMinutes(1):yyyy-MM-ddTHH:mm}");
        await Assertions.Expect(page.Locator("tr[data-audit] th")).ToHaveTextAsync(["code.created"]);
        await page.GotoAsync($"/console/audit?codeId={code.Id}&from={berlin.AddMinutes(1):yyyy-MM-ddTHH:mm}");
        await Assertions.Expect(page.Locator("tr[data-audit] th")).ToHaveTextAsync(["usage.reserved", "code.updated", "code.updated", "code.updated", "code.updated", "code.updated"]);
        await Assertions.Expect(page.GetByLabel("From")).ToHaveValueAsync($"{berlin.AddMinutes(1):yyyy-MM-ddTHH:mm}");

        // At phone width each entry is a card: the page does not scroll sideways.
        var phone = await app.SignedInPageAsync(width: 390);
        await phone.GotoAsync($"/console/audit?codeId={code.Id}");
        await Assertions.Expect(phone.Locator("tr[data-audit]").First).ToBeVisibleAsync();
        Assert.True(await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 391, "the audit log scrolls sideways at 390 px");
        await phone.AssertAccessibleAsync();
    }
}
