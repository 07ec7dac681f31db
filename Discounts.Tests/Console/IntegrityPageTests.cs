using Discounts.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Discounts.Tests.Console;

/// <summary>The integrity check in a real browser: a dry run finds a broken count and changes nothing; Fix repairs it.</summary>
public sealed class IntegrityPageTests(ConsoleAppFactory app) : IClassFixture<ConsoleAppFactory>
{
    private Task<long> SlotRowsAsync(Guid codeId) => app.ScalarAsync<long>("SELECT count(*) FROM discount_slot WHERE code_id = @codeId", new { codeId });

    [Fact]
    public async Task Integrity_DryRunShowsTheBrokenCountAndChangesNothing_FixRepairsItAndSaysWhat()
    {
        var code = await app.PercentCodeAsync(10, maxUses: 4);
        var page = await app.SignedInPageAsync();
        await page.GotoAsync("/console/integrity");
        await page.AssertAccessibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Dry run" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("No findings: every count matches");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Fix" })).ToHaveCountAsync(0);

        // Break the count: one of the code's four slot rows is gone.
        await app.ExecuteAsync("DELETE FROM discount_slot WHERE code_id = @id AND slot_no = 4", new { id = code.Id });
        var audit = await app.CountAsync("discount_audit_log");

        await page.GetByRole(AriaRole.Button, new() { Name = "Dry run" }).ClickAsync();
        var missing = page.Locator("tr[data-finding=slot-rows-missing]");
        await Assertions.Expect(missing.Locator("td").First).ToHaveTextAsync("1");
        await Assertions.Expect(missing).ToContainTextAsync("yes");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("nothing was changed");
        Assert.Equal(3, await SlotRowsAsync(code.Id));
        Assert.Equal(audit, await app.CountAsync("discount_audit_log"));
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("integrity-dry-run");

        // Fix asks first; declining changes nothing.
        var questions = new List<string>();
        var accept = false;
        page.Dialog += async (_, dialog) =>
        {
            questions.Add(dialog.Message);
            await (accept ? dialog.AcceptAsync() : dialog.DismissAsync());
        };
        await page.GetByRole(AriaRole.Button, new() { Name = "Fix" }).ClickAsync();
        Assert.Contains("Correct the slot drift now?", Assert.Single(questions), StringComparison.Ordinal);
        Assert.Equal(3, await SlotRowsAsync(code.Id));

        accept = true;
        await page.GetByRole(AriaRole.Button, new() { Name = "Fix" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Fixed: 1 correction made");
        await Assertions.Expect(page.Locator("tr[data-finding=slot-rows-missing] td").First).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator(".now")).ToHaveTextAsync("No findings: every count matches.");
        Assert.Equal(4, await SlotRowsAsync(code.Id));
        Assert.Equal(1, await app.ScalarAsync<long>(
            "SELECT count(*) FROM discount_audit_log WHERE code_id = @id AND action = 'reconcile.slot_rows_fixed' AND actor = 'system:reconcile'", new { id = code.Id }));
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("integrity-fixed");

        await page.GetByRole(AriaRole.Link, new() { Name = "See each change in the audit log" }).ClickAsync();
        await Assertions.Expect(page.Locator("tr[data-audit] th").First).ToHaveTextAsync("reconcile.slot_rows_fixed");
    }
}
