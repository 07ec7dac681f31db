using System.Net;
using System.Text.RegularExpressions;
using Discounts.Core.Codes;
using Discounts.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Discounts.Tests.Console;

/// <summary>The review queue in a real browser: approve with a note; reject after a confirmation that says what Stripe refunds.</summary>
public sealed class ReviewQueueTests(ConsoleAppFactory app) : IClassFixture<ConsoleAppFactory>
{
    private async Task<Journey> FlaggedPaidAsync(string userId, DiscountCode code)
    {
        var journey = await Journey.StartAsync(app, userId, code);
        app.Stripe.Complete(journey.SessionId);
        var (payload, signature) = app.SignedEvent("checkout.session.completed", journey.Session());
        await (await app.CreateClient().WebhookAsync(payload, signature)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("confirmed", await app.UsageStatusAsync(journey.UsageId));
        await app.ExecuteAsync(
            """UPDATE discount_usage SET review_status = 'pending', risk_score = 80, risk_signals = '["same_device_other_accounts","disposable_email"]' WHERE id = @id""",
            new { id = journey.UsageId });
        return journey;
    }

    private static ILocator Row(IPage page, Journey journey) => page.Locator($"tr[data-usage='{journey.UsageId}']");

    [Fact]
    public async Task Review_ApproveWithANote_RejectRefundsThroughStripeAfterAConfirmation_QueueNoLongerListsThem()
    {
        var code = await app.PercentCodeAsync(25, maxUses: 10);
        var approve = await FlaggedPaidAsync("console-review-a", code);
        var reject = await FlaggedPaidAsync("console-review-b", code);
        var page = await app.SignedInPageAsync();

        await page.GotoAsync("/console/review");
        await Assertions.Expect(Row(page, approve)).ToContainTextAsync("console-review-a");
        await Assertions.Expect(Row(page, reject)).ToContainTextAsync("36.75 USD");
        await Assertions.Expect(Row(page, reject).Locator(".risk-high")).ToHaveTextAsync("80");
        await Assertions.Expect(Row(page, reject)).ToContainTextAsync("same device other accounts");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("review-queue");

        // Approve, with a note.
        await Row(page, approve).GetByLabel("Note").FillAsync("known customer");
        await Row(page, approve).GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/console/review/{approve.UsageId}/outcome$"));
        await Assertions.Expect(page.Locator(".outcome")).ToContainTextAsync("Approved");
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("known customer");
        await page.AssertAccessibleAsync();
        Assert.Equal("approved", await app.ScalarAsync<string>("SELECT review_status FROM discount_usage WHERE id = @id", new { id = approve.UsageId }));
        Assert.Equal("known customer", await app.ScalarAsync<string>(
            "SELECT after->>'note' FROM discount_audit_log WHERE usage_id = @id AND action = 'usage.reviewed' AND actor = 'user:admin'", new { id = approve.UsageId }));
        Assert.DoesNotContain(app.Stripe.RefundRequests, r => r.IdempotencyKey == $"refund-{approve.PurchaseId:N}");

        // Reject: the confirmation page first, which says what is refunded, and asks why.
        await page.GotoAsync("/console/review");
        await Row(page, reject).GetByRole(AriaRole.Link, new() { Name = "Reject" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/console/review/{reject.UsageId}/reject$"));
        await Assertions.Expect(page.Locator(".refund-warning")).ToContainTextAsync("This refunds 36.75 USD to the customer's card through Stripe.");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("review-reject-confirm");
        Assert.DoesNotContain(app.Stripe.RefundRequests, r => r.IdempotencyKey == $"refund-{reject.PurchaseId:N}");

        var confirm = page.GetByRole(AriaRole.Button, new() { Name = "Reject and refund 36.75 USD" });
        await confirm.ClickAsync();
        await Assertions.Expect(page.Locator("#note-error")).ToContainTextAsync("note is required to reject");
        await Assertions.Expect(page.GetByLabel("Why is it rejected?")).ToHaveAttributeAsync("aria-invalid", "true");
        await page.AssertAccessibleAsync();
        Assert.DoesNotContain(app.Stripe.RefundRequests, r => r.IdempotencyKey == $"refund-{reject.PurchaseId:N}");

        // Stripe down: the refund fails, nothing changes, and the page says what that means.
        await page.GetByLabel("Why is it rejected?").FillAsync("stolen card");
        app.Stripe.Down = true;
        try
        {
            await confirm.ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The refund failed");
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("the customer was not refunded");
        }
        finally
        {
            app.Stripe.Down = false;
        }

        Assert.Equal("pending", await app.ScalarAsync<string>("SELECT review_status FROM discount_usage WHERE id = @id", new { id = reject.UsageId }));
        Assert.Equal("paid", await app.PurchaseStatusAsync(reject.PurchaseId));

        await Assertions.Expect(page.GetByLabel("Why is it rejected?")).ToHaveValueAsync("stolen card");
        await confirm.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/console/review/{reject.UsageId}/outcome$"));
        var refund = Assert.Single(app.Stripe.RefundRequests.Where(r => r.Path == "/v1/refunds" && r.Form.GetValueOrDefault("payment_intent") == "pi_" + reject.SessionId[3..]).DistinctBy(r => r.IdempotencyKey));
        Assert.Equal($"refund-{reject.PurchaseId:N}", refund.IdempotencyKey);
        var refundId = await app.ScalarAsync<string>(
            "SELECT after->>'refundId' FROM discount_audit_log WHERE usage_id = @id AND action = 'usage.reviewed'", new { id = reject.UsageId });
        Assert.StartsWith("re_", refundId);
        await Assertions.Expect(page.Locator(".outcome")).ToContainTextAsync($"Rejected and refunded: Stripe refund {refundId} returned 36.75 USD");
        Assert.Equal("refunded", await app.UsageStatusAsync(reject.UsageId));
        Assert.Equal("refunded", await app.PurchaseStatusAsync(reject.PurchaseId));
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("review-outcome");

        await page.GotoAsync("/console/review");
        await Assertions.Expect(Row(page, approve)).ToHaveCountAsync(0);
        await Assertions.Expect(Row(page, reject)).ToHaveCountAsync(0);
        if (await page.Locator("tr[data-usage]").CountAsync() == 0)
        {
            await Assertions.Expect(page.Locator(".empty")).ToContainTextAsync("Nothing to review");
        }

        await page.AssertAccessibleAsync();
    }

    [Fact]
    public async Task ReviewQueue_AtPhoneWidth_DoesNotScrollSideways_AndIsAccessible()
    {
        var code = await app.PercentCodeAsync(25, maxUses: 10);
        var flagged = await FlaggedPaidAsync("console-review-phone-with-a-long-user-id", code);
        var page = await app.SignedInPageAsync(width: 390);

        await page.GotoAsync("/console/review");

        await Assertions.Expect(Row(page, flagged)).ToBeAttachedAsync();
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 391,
            "the page body scrolls sideways at 390 px");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("review-phone");

        await page.GotoAsync($"/console/review/{flagged.UsageId}/reject");
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 391,
            "the confirmation page scrolls sideways at 390 px");
        await page.AssertAccessibleAsync();
    }
}
