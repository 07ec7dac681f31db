using Discounts.Core.Codes;
using Discounts.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Discounts.Tests.Console;

/// <summary>
/// The code forms in a real browser: a new code with every field (its expiry typed in the admin's zone, stored as
/// the UTC instant), the server's problems beside their fields, an edit with its audit row, and an edit that
/// meets another admin's save.
/// </summary>
public sealed class CodeFormTests(ConsoleAppFactory app) : IClassFixture<ConsoleAppFactory>
{
    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    private Task<DiscountCode?> StoredAsync(string code) => app.Service<DiscountCodeService>().FindByCodeAsync(code, CancellationToken.None);

    [Fact]
    public async Task NewCode_EveryField_IsCreated_WithTimesTypedInTheAdminsZoneStoredInUtc_AndListed()
    {
        var template = await app.TemplateAsync(price: 4900, currency: "eur");
        var code = Unique("NEW");
        var campaign = Unique("Launch ");
        var page = await app.SignedInPageAsync(timeZone: "Europe/Berlin");

        await page.GotoAsync("/console/codes/new");
        await page.GetByLabel("Code", new() { Exact = true }).FillAsync(code.ToLowerInvariant());
        await page.GetByLabel("Description").FillAsync("Launch week, <b>EUR</b> shoppers");
        await page.GetByLabel("A fixed amount").CheckAsync();
        await page.GetByLabel("Amount off").FillAsync("500");
        await page.GetByLabel("Currency").FillAsync("eur");
        await page.GetByLabel("Max uses").FillAsync("100");
        await page.GetByLabel("Uses per shopper").FillAsync("2");
        await page.GetByLabel("Minimum order").FillAsync("1000");
        await page.GetByLabel("First purchase only").CheckAsync();
        await page.GetByLabel("A refund frees the use again").CheckAsync();
        await page.GetByLabel("Starts").FillAsync("2030-03-01T09:00"); // CET, UTC+1
        await page.GetByLabel("Expires").FillAsync("2030-07-01T12:30"); // CEST, UTC+2
        await page.GetByLabel(template.Slug).CheckAsync();
        await page.GetByLabel("Campaign").FillAsync(campaign);
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("code-new");

        await page.GetByRole(AriaRole.Button, new() { Name = "Create code" }).ClickAsync();

        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/console/codes/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"{code} created.");
        var stored = await StoredAsync(code);
        Assert.NotNull(stored);
        Assert.Equal(
            ("Launch week, <b>EUR</b> shoppers", DiscountKind.Fixed, (int?)null, (long?)500, "eur", (int?)100, 2, (long?)1000, true, CodeStatus.Active, campaign, true, 1, "user:admin"),
            (stored.Description, stored.Kind, stored.PercentBps, stored.AmountOff, stored.Currency, stored.MaxUses, stored.MaxUsesPerUser, stored.MinOrderAmount,
             stored.FirstPurchaseOnly, stored.Status, stored.Campaign, stored.RefundReleasesSlot, stored.Version, stored.CreatedBy));
        Assert.Equal(new[] { template.Id }, stored.TemplateIds);
        Assert.True(await app.ScalarAsync<bool>(
            "SELECT starts_at = '2030-03-01T08:00:00Z'::timestamptz AND expires_at = '2030-07-01T10:30:00Z'::timestamptz FROM discount_code WHERE code = @code", new { code }));
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("5.00 EUR off");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("2030-07-01 12:30"); // shown back in the admin's zone
        await page.AssertAccessibleAsync();

        await page.GotoAsync("/console/codes?q=" + code);
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = code });
        await Assertions.Expect(row.GetByRole(AriaRole.Meter)).ToHaveAttributeAsync("aria-label", "0 of 100 uses taken");
        await Assertions.Expect(row).ToContainTextAsync(campaign);
        await page.AssertAccessibleAsync();
        await page.GotoAsync("/console/codes");
        await page.ScreenshotAsync("codes-list");
    }

    [Fact]
    public async Task NewCode_ServerProblems_AreShownBesideTheirFields_AndNothingIsWritten()
    {
        var existing = await app.PercentCodeAsync();
        var code = Unique("BAD");
        var page = await app.SignedInPageAsync();
        await page.GotoAsync("/console/codes/new");
        await page.GetByLabel("Code", new() { Exact = true }).FillAsync(code);
        await page.GetByLabel("Percent off").FillAsync("150");
        await page.GetByLabel("Max uses").FillAsync("0");

        await page.GetByRole(AriaRole.Button, new() { Name = "Create code" }).ClickAsync();

        await Assertions.Expect(page.Locator("#percentOff-error")).ToContainTextAsync("at most 100");
        await Assertions.Expect(page.GetByLabel("Percent off")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#maxUses-error")).ToContainTextAsync("maxUses");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Nothing was saved");
        await Assertions.Expect(page.GetByLabel("Code", new() { Exact = true })).ToHaveValueAsync(code); // what was typed stays
        Assert.Equal(0, await page.Locator("#code-error").CountAsync());
        await page.AssertAccessibleAsync();
        Assert.Null(await StoredAsync(code));

        // 409 duplicate_code from the service, beside the code (typed in lower case: the same code after normalization).
        await page.GetByLabel("Percent off").FillAsync("10");
        await page.GetByLabel("Max uses").FillAsync("");
        await page.GetByLabel("Code", new() { Exact = true }).FillAsync(existing.Code.ToLowerInvariant());
        await page.GetByRole(AriaRole.Button, new() { Name = "Create code" }).ClickAsync();

        await Assertions.Expect(page.Locator("#code-error")).ToContainTextAsync("exists");
        Assert.Equal(0, await page.Locator("#percentOff-error").CountAsync());
        Assert.Equal(1L, await app.ScalarAsync<long>("SELECT count(*) FROM discount_code WHERE code = @code", new { code = existing.Code }));
        await page.AssertAccessibleAsync();
    }

    [Fact]
    public async Task EditCode_SavesOnlyTheChange_WithItsAuditRow()
    {
        var code = await app.CodeAsync(new NewDiscountCode { Code = Unique("EDIT"), Kind = DiscountKind.Percent, PercentOff = 20, MaxUses = 100, Description = "Before" });
        var page = await app.SignedInPageAsync();
        await page.GotoAsync($"/console/codes/{code.Id}/edit");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Edit " + code.Code })).ToBeVisibleAsync();
        Assert.Equal(0, await page.GetByLabel("Percent off").CountAsync()); // frozen: shown as text
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("20% off");

        await page.GetByLabel("Max uses").FillAsync("150");
        await page.GetByLabel("Description").FillAsync("After");
        await page.GetByLabel("Expires").FillAsync("2031-01-15T18:00");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("code-edit");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();

        await page.WaitForURLAsync($"**/console/codes/{code.Id}");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("saved (version 2)");
        await page.AssertAccessibleAsync();
        var stored = (await StoredAsync(code.Code))!;
        Assert.Equal((150, "After", 2), (stored.MaxUses!.Value, stored.Description, stored.Version));
        Assert.Equal(new DateTime(2031, 1, 15, 17, 0, 0, DateTimeKind.Utc), stored.ExpiresAt);
        Assert.Equal(150L, await app.ScalarAsync<long>("SELECT count(*) FROM discount_slot WHERE code_id = @id", new { id = code.Id }));
        var audit = (await app.QueryAsync<(string Actor, string Before, string After)>(
            "SELECT actor, before::text, after::text FROM discount_audit_log WHERE code_id = @id AND action = 'code.updated'", new { id = code.Id })).Single();
        Assert.Equal("user:admin", audit.Actor);
        Assert.Contains("\"maxUses\": 100", audit.Before, StringComparison.Ordinal);
        Assert.Contains("\"maxUses\": 150", audit.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaleEdit_SaysWhatTheOtherAdminChanged_OverwritesNothing_AndASecondSaveWritesTheForm()
    {
        var code = await app.CodeAsync(new NewDiscountCode { Code = Unique("STALE"), Kind = DiscountKind.Percent, PercentOff = 10, MaxUses = 100, Description = "Original" });
        var page = await app.SignedInPageAsync();
        await page.GotoAsync($"/console/codes/{code.Id}/edit");
        await page.GetByLabel("Max uses").FillAsync("80");
        await page.GetByLabel("Description").FillAsync("Mine");

        // Meanwhile another admin saves the code (the service, as the API and the console call it).
        var theirs = await app.Service<DiscountCodeService>().UpdateAsync(code.Id, 1, new CodeChanges { MaxUses = 50, Campaign = "Theirs" }, "user:other-admin", null, CancellationToken.None);
        Assert.True(theirs.Succeeded);

        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();

        var stale = page.Locator("#stale");
        await Assertions.Expect(stale).ToContainTextAsync("Since you opened this form, user:other-admin saved it (now version 2) and changed:");
        await Assertions.Expect(stale).ToContainTextAsync("Max uses: 100 → 50; you entered 80");
        await Assertions.Expect(stale).ToContainTextAsync("Campaign: none → Theirs");
        await Assertions.Expect(page.GetByLabel("Max uses")).ToHaveValueAsync("80"); // the admin's own change stays
        await Assertions.Expect(page.GetByLabel("Description")).ToHaveValueAsync("Mine");
        await Assertions.Expect(page.GetByLabel("Campaign")).ToHaveValueAsync("Theirs"); // untouched here: theirs
        var afterStale = (await StoredAsync(code.Code))!;
        Assert.Equal((50, "Original", "Theirs", 2), (afterStale.MaxUses!.Value, afterStale.Description, afterStale.Campaign, afterStale.Version));
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("code-stale-edit");

        await page.GetByRole(AriaRole.Button, new() { Name = "Save over their changes" }).ClickAsync();

        await page.WaitForURLAsync($"**/console/codes/{code.Id}");
        await page.AssertAccessibleAsync();
        var saved = (await StoredAsync(code.Code))!;
        Assert.Equal((80, "Mine", "Theirs", 3), (saved.MaxUses!.Value, saved.Description, saved.Campaign, saved.Version));
        Assert.Equal(2L, await app.ScalarAsync<long>("SELECT count(*) FROM discount_audit_log WHERE code_id = @id AND action = 'code.updated'", new { id = code.Id }));
    }

    [Fact]
    public async Task MaxUsesBelowTheSlotsTaken_AndAnUnknownTemplate_AreRefusedBesideTheirFields()
    {
        var template = await app.TemplateAsync();
        var code = await app.CodeAsync(new NewDiscountCode { Code = Unique("HELD"), Kind = DiscountKind.Percent, PercentOff = 10, MaxUses = 3 });
        foreach (var user in new[] { "held-a", "held-b" })
        {
            await (await app.ClientFor(user).ApplyAsync(code.Code, template.Id)).ExpectAsync(System.Net.HttpStatusCode.Created);
        }

        var page = await app.SignedInPageAsync();
        await page.GotoAsync($"/console/codes/{code.Id}/edit");
        await page.GetByLabel("Max uses").FillAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();

        await Assertions.Expect(page.Locator("#maxUses-error")).ToContainTextAsync("2 slots are taken");
        await Assertions.Expect(page.GetByLabel("Max uses")).ToHaveValueAsync("1");
        Assert.Equal(3, (await StoredAsync(code.Code))!.MaxUses);
        await page.AssertAccessibleAsync();

        // A template that is not in the catalog (a form sent with an id the page never offered): 422 template_not_found.
        var created = Unique("TPL");
        var missing = Guid.NewGuid();
        await page.GotoAsync("/console/codes/new");
        await page.GetByLabel("Code", new() { Exact = true }).FillAsync(created);
        await page.GetByLabel("Percent off").FillAsync("10");
        await page.EvaluateAsync("""
            id => {
                const box = document.createElement('input');
                Object.assign(box, { type: 'checkbox', name: 'templateIds', value: id, checked: true, hidden: true });
                document.querySelector('main form').appendChild(box);
            }
            """, missing.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Create code" }).ClickAsync();

        await Assertions.Expect(page.Locator("#templateIds-error")).ToContainTextAsync(missing.ToString());
        Assert.Null(await StoredAsync(created));
        await page.AssertAccessibleAsync();
    }
}
