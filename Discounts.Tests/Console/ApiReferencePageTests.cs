using Discounts.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Discounts.Tests.Console;

/// <summary>The API reference (Scalar at /api/docs) in a real browser: operations with their inputs, errors and authentication.</summary>
public sealed class ApiReferencePageTests(ConsoleAppFactory app) : IClassFixture<ConsoleAppFactory>
{
    [Fact]
    public async Task ApiReference_ShowsParametersBodiesErrorAnswersAndAuthentication_WithoutScriptErrors()
    {
        var page = await app.NewPageAsync(height: 1000);
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add("page error: " + error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add("console error: " + message.Text);
            }
        };
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);

        await page.GotoAsync("/api/docs/");
        await Assertions.Expect(page.GetByText("Apply discount").First).ToBeVisibleAsync();

        // Each operation's section: what it reads, what it answers, and the scheme it needs.
        foreach (var (tag, method, path, expected) in new[]
        {
            ("storefront", "POST", "/api/discount/apply", new[] { "templateId", "captchaToken", "422", "code_expired", "hold_limit_reached", "401", "unauthenticated", "429", "rate_limited" }),
            ("storefront", "POST", "/api/checkout", ["Idempotency-Key", "reservationId", "reservation_inactive", "503", "unavailable"]),
            ("admin", "PATCH", "/api/manage/discounts/{id}", ["If-Match", "maxUses", "412", "precondition_failed", "max_uses_below_taken", "403", "forbidden"]),
        })
        {
            await page.GotoAsync($"/api/docs/#tag/{tag}/{method}{path}");
            var section = page.Locator($"[id='v1/tag/{tag}/{method}{path}']");
            await Assertions.Expect(section).ToBeVisibleAsync();
            var text = await section.InnerTextAsync();
            foreach (var shown in expected)
            {
                Assert.True(text.Contains(shown, StringComparison.Ordinal), $"{method} {path}: '{shown}' not shown in:\n{text}");
            }

            Assert.True(text.Contains("bearer", StringComparison.OrdinalIgnoreCase), $"{method} {path}: no authentication shown in:\n{text}");
        }

        await page.GotoAsync("/api/docs/#tag/storefront/POST/api/discount/apply");
        await Assertions.Expect(page.Locator("[id='v1/tag/storefront/POST/api/discount/apply']")).ToBeVisibleAsync();
        // The viewport only: the reference is one long page of every operation.
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Repository.Root(), "docs", "screenshots", "api-reference.png"), Animations = ScreenshotAnimations.Disabled });

        Assert.Empty(errors);
        // Every asset from the service itself: no CDN, no fonts from elsewhere.
        Assert.All(requests, url => Assert.StartsWith(app.BaseUrl, url, StringComparison.Ordinal));
    }
}
