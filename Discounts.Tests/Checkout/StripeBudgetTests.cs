using System.Net;
using Discounts.Tests.Infrastructure;

namespace Discounts.Tests.Checkout;

/// <summary>
/// Stripe calls fit the checkout's budget (EC-023): each attempt and all of them together have a time limit from
/// settings, retries reuse the idempotency key, and a spent budget is 503 with the hold kept — not a minute of waiting.
/// </summary>
public sealed class StripeBudgetTests(StripeBudgetTests.Factory app) : IClassFixture<StripeBudgetTests.Factory>
{
    public sealed class Factory : AppFactory
    {
        protected override Dictionary<string, string?> Settings => new()
        {
            ["Stripe:MaxNetworkRetries"] = "2",
            ["Stripe:AttemptTimeout"] = "00:00:00.400",
            ["Stripe:TotalTimeout"] = "00:00:03",
        };
    }

    [Trait("EdgeCase", "EC-023")]
    [Fact]
    public async Task EC023_StripeSlowerThanEachAttempt_ThreeAttemptsSameKeyThen503HoldKept()
    {
        var (client, template, reservationId) = await HoldAsync("slow-stripe");
        var before = app.Stripe.CreateRequests.Count;

        app.Stripe.Delay = TimeSpan.FromSeconds(30);
        HttpResponseMessage slow;
        try
        {
            slow = await client.CheckoutAsync(template, reservationId);
        }
        finally
        {
            app.Stripe.Delay = TimeSpan.Zero;
        }

        await slow.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable, "unavailable");
        Assert.NotNull(slow.Headers.RetryAfter);
        var attempts = app.Stripe.CreateRequests.Skip(before).ToList();
        Assert.Equal(3, attempts.Count); // the first try and MaxNetworkRetries = 2, each cut at AttemptTimeout
        Assert.Single(attempts.Select(a => a.IdempotencyKey).Distinct());
        Assert.Equal("reserved", await app.UsageStatusAsync(reservationId));

        // Stripe is back: the customer's retry gets the session under the same key.
        var retried = await (await client.CheckoutAsync(template, reservationId)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(attempts[0].IdempotencyKey, app.Stripe.CreateRequests[^1].IdempotencyKey);
        Assert.NotNull(retried["checkoutUrl"]);
    }

    [Trait("EdgeCase", "EC-023")]
    [Fact]
    public async Task EC023_StripeFailsTwiceThenAnswers_CheckoutCreatedOnTheThirdAttemptWithOneKey()
    {
        var (client, template, reservationId) = await HoldAsync("flaky-stripe");
        var before = app.Stripe.CreateRequests.Count;

        app.Stripe.FailNext(2);
        var created = await (await client.CheckoutAsync(template, reservationId)).ExpectAsync(HttpStatusCode.Created);

        var attempts = app.Stripe.CreateRequests.Skip(before).ToList();
        Assert.Equal(3, attempts.Count);
        Assert.Equal([$"checkout-session-{created.Id("purchaseId"):N}"], attempts.Select(a => a.IdempotencyKey).Distinct());
        Assert.Equal(1L, await app.ScalarAsync<long>("SELECT count(*) FROM purchase WHERE usage_id = @id", new { id = reservationId }));
    }

    private async Task<(HttpClient Client, Guid Template, Guid ReservationId)> HoldAsync(string user)
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(10);
        var client = app.ClientFor(user);
        var reservation = await (await client.ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created);
        return (client, template.Id, reservation.Id("reservationId"));
    }
}
