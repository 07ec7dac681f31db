using Discounts.Core.Database;
using Discounts.Tests.Infrastructure;
using Microsoft.Playwright;
using Npgsql;

namespace Discounts.Tests.Console;

/// <summary>
/// As an admin first sees it after the README's run command: the seeded data (three templates, three codes, no
/// usages yet). Every page the menu and the seeded codes lead to answers 200 without a script error, passes axe,
/// and fits a phone's width.
/// </summary>
public sealed class ConsoleEveryPageTests(SeededConsoleAppFactory app) : IClassFixture<SeededConsoleAppFactory>
{
    [Fact]
    public async Task EveryPage_WithTheSeededData_Works_IsAccessible_AndFitsAPhone()
    {
        var page = await app.SignedInPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add($"{page.Url}: {message.Text}");
            }
        };
        page.PageError += (_, error) => errors.Add($"{page.Url}: {error}");
        await page.GotoAsync("/console/codes");
        var paths = (await page.Locator("nav[aria-label='Console'] a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))")).ToList();
        var code = (await page.Locator("main table a[href^='/console/codes/']").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))")).First();
        paths.AddRange([code, code + "/edit", code + "/archive"]);
        Assert.True(paths.Count >= 12, string.Join(", ", paths));

        var phone = await app.SignedInPageAsync(width: 390);
        foreach (var path in paths)
        {
            var response = await page.GotoAsync(path);
            Assert.True(response!.Status == 200, $"{path}: {response.Status}");
            Assert.Equal(1, await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).CountAsync());
            await page.AssertAccessibleAsync();

            await phone.GotoAsync(path);
            var overflow = await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(overflow <= 391, $"{path} is {overflow} px wide at 390 px");
        }

        Assert.Empty(errors);
    }
}

/// <summary>The console app on a database holding what <c>seed</c> puts there.</summary>
public sealed class SeededConsoleAppFactory : ConsoleAppFactory
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Seeder.SeedAsync(Service<NpgsqlDataSource>(), Clock, CancellationToken.None);
    }
}
