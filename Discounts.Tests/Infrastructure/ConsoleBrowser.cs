using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Discounts.Tests.Infrastructure;

/// <summary>
/// The function app on a real Kestrel port (a browser cannot reach TestServer), on its own PostgreSQL database and
/// the Stripe-shaped server, with Debian's Chromium driven by Playwright (its own browser download cannot run
/// here: <c>DISCOUNTS_TEST_CHROMIUM</c>, else /usr/bin/chromium).
/// </summary>
public class ConsoleAppFactory : AppFactory
{
    public string BaseUrl { get; private set; } = "";

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        UseKestrel(LoopbackPort.Free());
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        Assertions.SetDefaultExpectTimeout(15_000); // Expect(...) polls this long (5 s by default): two loaded cores
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("DISCOUNTS_TEST_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            // As root Chromium needs --no-sandbox; the rest keep it off this machine's closed network.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public override async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        Playwright?.Dispose();
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>A fresh browser context (its own cookies) at a desktop width, in the given time zone.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900, string timeZone = "Europe/Berlin")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            TimezoneId = timeZone,
            Locale = "en-GB",
            AcceptDownloads = true,
        });
        // Generous: CI has two cores for the app, PostgreSQL and the browser; a timeout only ever ends a failing test.
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the development sign-in form, as the <c>token</c> command's user.</summary>
    public async Task<IPage> SignedInPageAsync(string user = "admin", bool admin = true, int width = 1280, string timeZone = "Europe/Berlin")
    {
        var page = await NewPageAsync(width, timeZone: timeZone);
        await page.GotoAsync("/console/");
        await page.GetByLabel("User id").FillAsync(user);
        if (!admin)
        {
            await page.GetByLabel("Role admin").UncheckAsync();
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // Committed, then parsed: waiting for "load" of a document that may already have loaded can miss its event.
        await page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        return page;
    }
}

/// <summary>What every console test checks on a page: axe, and a screenshot for docs/screenshots.</summary>
public static class ConsolePageChecks
{
    /// <summary>axe-core on the page as it is: no serious or critical violation (each listed with its nodes when there is one).</summary>
    public static async Task AssertAccessibleAsync(this IPage page)
    {
        var result = await page.RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(bad.Count == 0, $"{page.Url}: " + string.Join("; ", bad.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
    }

    /// <summary>A full-page screenshot, kept in docs/screenshots/<paramref name="name"/>.png (shown in the README).</summary>
    public static async Task ScreenshotAsync(this IPage page, string name)
    {
        var folder = Path.Combine(Repository.Root(), "docs", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true, Animations = ScreenshotAnimations.Disabled });
    }
}
