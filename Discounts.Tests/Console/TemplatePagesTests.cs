using System.Text.RegularExpressions;
using Discounts.Tests.Infrastructure;
using Microsoft.Playwright;
using Discounts.Functions.Templates;

namespace Discounts.Tests.Console;

/// <summary>The catalog pages in a real browser: create and edit a template through PutTemplate's write path.</summary>
public sealed class TemplatePagesTests(ConsoleAppFactory app) : IClassFixture<ConsoleAppFactory>
{
    [Fact]
    public async Task Templates_CreateAndEditInTheBrowser_ServerErrorsAndASlugConflictShowBesideTheirFields()
    {
        var other = await app.TemplateAsync();
        var slug = "console-tpl-" + Guid.NewGuid().ToString("N")[..8];
        var page = await app.SignedInPageAsync();

        await page.GotoAsync("/console/templates");
        await page.GetByRole(AriaRole.Link, new() { Name = "New template" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/console/templates/new$"));
        var id = Guid.Parse(await page.GetByLabel("Template id").InputValueAsync());
        await page.AssertAccessibleAsync();

        // What the server refuses is shown beside each field.
        await page.GetByLabel("Slug").FillAsync("Not A Slug");
        await page.GetByLabel("Price (minor units)").FillAsync("49.00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create template" }).ClickAsync();
        await Assertions.Expect(page.Locator("#slug-error")).ToContainTextAsync("slug is 1-100 lower-case letters");
        await Assertions.Expect(page.Locator("#title-error")).ToContainTextAsync("title is 1-200 characters.");
        await Assertions.Expect(page.Locator("#price-error")).ToContainTextAsync("whole number of minor units");
        await Assertions.Expect(page.GetByLabel("Slug")).ToHaveAttributeAsync("aria-invalid", "true");
        await page.AssertAccessibleAsync();
        Assert.Equal(0, await app.ScalarAsync<long>("SELECT count(*) FROM template WHERE id = @id", new { id }));

        await page.GetByLabel("Slug").FillAsync(slug);
        await page.GetByLabel("Title").FillAsync("Console <b>template</b>");
        await page.GetByLabel("Price (minor units)").FillAsync("4900");
        await page.GetByLabel("Currency").FillAsync("usd");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create template" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/console/templates/{id}$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Template {slug} created.");
        var created = await app.QueryAsync<(string Title, long Price, string Currency, bool Active, int Version)>(
            "SELECT title, price, currency, active, version FROM template WHERE id = @id", new { id });
        Assert.Equal(("Console <b>template</b>", 4900L, "usd", true, 1), created.Single());
        Assert.Equal(1, await app.ScalarAsync<long>("SELECT count(*) FROM discount_audit_log WHERE template_id = @id AND action = 'template.created' AND actor = 'user:admin'", new { id }));

        // Edit: a slug another template has is refused beside the slug, and nothing changes.
        await page.GetByLabel("Slug").FillAsync(other.Slug);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Assertions.Expect(page.Locator("#slug-error")).ToContainTextAsync($"slug '{other.Slug}' belongs to template {other.Id}.");
        await Assertions.Expect(page.GetByLabel("Slug")).ToHaveAttributeAsync("aria-invalid", "true");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("template-edit");
        Assert.Equal(slug, await app.ScalarAsync<string>("SELECT slug FROM template WHERE id = @id", new { id }));

        await page.GetByLabel("Slug").FillAsync(slug);
        await page.GetByLabel("Title").FillAsync("Console template, yen");
        await page.GetByLabel("Price (minor units)").FillAsync("1250");
        await page.GetByLabel("Currency").FillAsync("JPY");
        await page.GetByLabel("Active").UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Template {slug} saved (version 2).");
        var edited = await app.QueryAsync<(string Title, long Price, string Currency, bool Active, int Version)>(
            "SELECT title, price, currency, active, version FROM template WHERE id = @id", new { id });
        Assert.Equal(("Console template, yen", 1250L, "jpy", false, 2), edited.Single());
        Assert.Equal(1, await app.ScalarAsync<long>("SELECT count(*) FROM discount_audit_log WHERE template_id = @id AND action = 'template.updated'", new { id }));

        // The catalog: search, the active filter, money in the template's currency, text encoded.
        await page.GotoAsync("/console/templates");
        await page.GetByLabel("Search").FillAsync("console-tpl-");
        await page.GetByLabel("Active").SelectOptionAsync("false");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("active=false"));
        var row = page.Locator($"tr[data-template='{id}']");
        await Assertions.Expect(row).ToContainTextAsync("Console template, yen");
        await Assertions.Expect(row).ToContainTextAsync("1,250 JPY");
        await Assertions.Expect(row).ToContainTextAsync("retired");
        await Assertions.Expect(page.Locator($"tr[data-template='{other.Id}']")).ToHaveCountAsync(0);
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("templates");

        await page.GotoAsync("/console/templates?active=maybe");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("active is true or false.");
        await page.GotoAsync("/console/templates?q=nothing-matches-this");
        await Assertions.Expect(page.Locator(".empty")).ToContainTextAsync("No template matches these filters.");
        await page.AssertAccessibleAsync();
    }
}
