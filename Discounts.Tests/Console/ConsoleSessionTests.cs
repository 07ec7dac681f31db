using System.Net;
using Discounts.Core.Codes;
using Discounts.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Discounts.Tests.Console;

/// <summary>
/// The console in a real browser: sign-in, the session's cookie and its end, who may see what, and the page rules
/// every page keeps (encoded text, no inline script, axe).
/// </summary>
public sealed class ConsoleSessionTests(ConsoleAppFactory app) : IClassFixture<ConsoleAppFactory>
{
    [Fact]
    public async Task SignIn_SeesTheCodeList_AndTextFromTheDatabaseIsEncoded()
    {
        var code = await app.CodeAsync(new NewDiscountCode
        {
            Code = "XSS" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant(), Kind = DiscountKind.Percent, PercentOff = 10, MaxUses = 40,
            Description = "<script>window.pwned = 1</script><b>bold</b>",
        });
        var page = await app.SignedInPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };

        await page.GotoAsync("/console/codes?q=" + code.Code);

        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = code.Code });
        await Assertions.Expect(row).ToContainTextAsync("<script>window.pwned = 1</script><b>bold</b>");
        Assert.Null(await page.EvaluateAsync<int?>("() => window.pwned"));
        Assert.Equal(0, await page.Locator("main b").CountAsync());
        await Assertions.Expect(row.GetByRole(AriaRole.Meter)).ToHaveAttributeAsync("aria-label", "0 of 40 uses taken");
        await page.AssertAccessibleAsync();
        Assert.Empty(errors);
    }

    [Fact]
    public async Task EveryConsoleAnswer_HasAStrictContentSecurityPolicy_AndTheSessionCookieIsHttpOnly()
    {
        var page = await app.SignedInPageAsync();

        var response = await page.GotoAsync("/console/codes");

        var csp = await response!.HeaderValueAsync("content-security-policy");
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("script:not([src]):not([type='application/json'])").CountAsync());
        Assert.Equal(0, await page.Locator("[style]").CountAsync());
        var session = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "console");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, session.SameSite);
        Assert.Equal(-1, session.Expires); // a browser-session cookie; the ticket inside it carries the timeout
    }

    [Fact]
    public async Task NotSignedIn_AnyPage_GoesToSignIn_AndBackAfterwards()
    {
        var page = await app.NewPageAsync();

        await page.GotoAsync("/console/codes?status=archived");

        Assert.Contains("/console/signin", page.Url, StringComparison.Ordinal);
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("sign-in");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/console/codes?status=archived");
    }

    [Fact]
    public async Task SignedInWithoutTheAdminRole_Sees403_AndNoData()
    {
        var code = await app.PercentCodeAsync();
        var page = await app.SignedInPageAsync("shopper-1", admin: false);

        var response = await page.GotoAsync("/console/codes");

        Assert.Equal((int)HttpStatusCode.Forbidden, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
        Assert.DoesNotContain(code.Code, await page.ContentAsync(), StringComparison.Ordinal);
        await page.AssertAccessibleAsync();
    }

    [Fact]
    public async Task ExpiredSession_SendsTheAdminBackToSignIn_WithAMessage()
    {
        var page = await app.SignedInPageAsync();
        await page.GotoAsync("/console/codes");

        app.Clock.Advance(TimeSpan.FromMinutes(61));
        await page.GotoAsync("/console/codes?status=paused");

        Assert.Contains("/console/signin", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Your session expired");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/console/codes?status=paused");
    }

    [Fact]
    public async Task SignOut_EndsTheSession()
    {
        var page = await app.SignedInPageAsync();
        await page.GotoAsync("/console/codes");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("You are signed out");
        await page.GotoAsync("/console/codes");
        Assert.Contains("/console/signin", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFormWithoutItsAntiforgeryToken_IsRefused()
    {
        var page = await app.SignedInPageAsync();
        var code = await app.PercentCodeAsync();

        var form = page.Context.APIRequest.CreateFormData();
        form.Set("id", code.Id.ToString());
        form.Set("version", "1");
        form.Set("status", "paused");

        var response = await page.Context.APIRequest.PostAsync("/console/codes?handler=status", new() { Form = form, MaxRedirects = 0 });

        Assert.Equal((int)HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(CodeStatus.Active, (await app.Service<DiscountCodeService>().GetAsync(code.Id, CancellationToken.None))!.Value.Code.Status);
    }

    /// <summary>Times are stored in UTC and shown in the admin's zone, which the browser tells (console.js).</summary>
    [Theory]
    [InlineData("Europe/Berlin", "2027-01-15 13:00")]
    [InlineData("America/New_York", "2027-01-15 07:00")]
    [InlineData("Asia/Tokyo", "2027-01-15 21:00")]
    public async Task Times_AreShownInTheAdminsTimeZone(string zone, string shown)
    {
        var code = await app.CodeAsync(new NewDiscountCode
        {
            Code = "TZ" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant(), Kind = DiscountKind.Percent, PercentOff = 5,
            ExpiresAt = new DateTimeOffset(2027, 1, 15, 12, 0, 0, TimeSpan.Zero),
        });
        var page = await app.SignedInPageAsync(timeZone: zone);

        await page.GotoAsync("/console/codes?q=" + code.Code);

        var time = page.GetByRole(AriaRole.Row).Filter(new() { HasText = code.Code }).Locator("time");
        await Assertions.Expect(time).ToHaveTextAsync(shown);
        await Assertions.Expect(time).ToHaveAttributeAsync("datetime", "2027-01-15T12:00:00Z");
        await Assertions.Expect(page.Locator("[data-zone]")).ToHaveTextAsync(zone);
    }

    /// <summary>The keyboard reaches everything: the first Tab is the skip link, which moves focus to the content; focus is visible.</summary>
    [Fact]
    public async Task Keyboard_SkipLinkFirst_AndFocusIsVisible()
    {
        var page = await app.SignedInPageAsync();
        await page.GotoAsync("/console/codes");

        await page.Keyboard.PressAsync("Tab");

        Assert.Equal("Skip to content", await page.EvaluateAsync<string>("() => document.activeElement.textContent"));
        Assert.NotEqual("none", await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle"));
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("main", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("New code", await page.EvaluateAsync<string>("() => document.activeElement.textContent"));
        Assert.NotEqual("none", await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle"));
    }
}
