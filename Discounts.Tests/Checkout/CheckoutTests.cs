using System.Net;
using Discounts.Core.Checkout;
using Discounts.Core.Codes;
using Discounts.Core.Templates;
using Discounts.Tests.Infrastructure;
using Discounts.Core.Reservations;

namespace Discounts.Tests.Checkout;

public sealed class CheckoutTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Trait("EdgeCase", "EC-017")]
    [Fact]
    public async Task EC017_TemplatePriceChangesAfterApply_CheckoutUsesFrozenTerms()
    {
        var template = await app.TemplateAsync(price: 4900);
        var code = await app.PercentCodeAsync(25);
        var client = app.ClientFor("ec017-user");
        var reservation = await (await client.ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created);

        await using (var conn = await app.OpenAsync())
        {
            await TemplateRepository.UpsertAsync(conn, template with { Price = 9900 });
        }

        var checkout = await (await client.CheckoutAsync(template.Id, reservation.Id("reservationId"))).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(3675, (long)checkout["pricing"]!["finalAmount"]!);
        Assert.Equal("3675", app.Stripe.CreateRequests.Single(r => r.Form["client_reference_id"] == checkout["purchaseId"]!.ToString()).Form["line_items[0][price_data][unit_amount]"]);
    }

    [Trait("EdgeCase", "EC-029")]
    [Fact]
    public async Task EC029_DiscountChangedMidCheckout_HoldKeepsFrozenTerms()
    {
        var template = await app.TemplateAsync(price: 10000);
        var code = await app.PercentCodeAsync(30);
        var client = app.ClientFor("ec029-user");
        var reservation = await (await client.ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created);

        await app.ExecuteAsync("UPDATE discount_code SET percent_bps = 500, version = version + 1 WHERE id = @id", new { id = code.Id });

        var checkout = await (await client.CheckoutAsync(template.Id, reservation.Id("reservationId"))).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(7000, (long)checkout["pricing"]!["finalAmount"]!);
    }

    [Trait("EdgeCase", "EC-018")]
    [Fact]
    public async Task EC018_HundredPercentOff_FreeCheckoutWithoutStripe_ConfirmedAtOnce()
    {
        var template = await app.TemplateAsync(price: 2900);
        var code = await app.PercentCodeAsync(100, maxUses: 2);
        var client = app.ClientFor("ec018-user");
        var reservation = await (await client.ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created);
        var before = app.Stripe.CreateRequests.Count;

        var checkout = await (await client.CheckoutAsync(template.Id, reservation.Id("reservationId"))).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal("paid", (string?)checkout["status"]);
        Assert.Null(checkout["checkoutUrl"]);
        Assert.Equal(0, (long)checkout["pricing"]!["finalAmount"]!);
        Assert.Equal(before, app.Stripe.CreateRequests.Count);
        Assert.Equal("confirmed", await app.UsageStatusAsync(reservation.Id("reservationId")));
    }

    [Trait("EdgeCase", "EC-018")]
    [Fact]
    public async Task EC018_FixedDiscountAbovePrice_CappedAtPrice()
    {
        var template = await app.TemplateAsync(price: 1500);
        var code = await app.CodeAsync(new NewDiscountCode { Code = "BIGFIXED" + Random.Shared.Next(1000, 9999), Kind = DiscountKind.Fixed, AmountOff = 5000, Currency = "usd", MaxUses = 3 });
        var reservation = await (await app.ClientFor("ec018-fixed").ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(1500, (long)reservation["pricing"]!["discountAmount"]!);
        Assert.Equal(0, (long)reservation["pricing"]!["finalAmount"]!);
    }

    [Trait("EdgeCase", "EC-019")]
    [Fact]
    public async Task EC019_FinalPriceBelowStripeMinimum_RaisedToMinimumAndSaid()
    {
        var template = await app.TemplateAsync(price: 1000);
        var code = await app.PercentCodeAsync(97);
        var client = app.ClientFor("ec019-user");
        var reservation = await (await client.ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal(50, (long)reservation["pricing"]!["finalAmount"]!);
        Assert.Equal(950, (long)reservation["pricing"]!["discountAmount"]!);
        Assert.True((bool)reservation["pricing"]!["minimumChargeApplied"]!);
        var checkout = await (await client.CheckoutAsync(template.Id, reservation.Id("reservationId"))).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("pending", (string?)checkout["status"]);
        Assert.Equal(50, (long)checkout["pricing"]!["finalAmount"]!);
    }

    [Trait("EdgeCase", "EC-023")]
    [Fact]
    public async Task EC023_StripeDown_503WithHoldKept_RetryReusesIdempotencyKey()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(10);
        var client = app.ClientFor("ec023-user");
        var reservation = await (await client.ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created);
        var reservationId = reservation.Id("reservationId");

        app.Stripe.Down = true;
        try
        {
            var down = await client.CheckoutAsync(template.Id, reservationId);
            await down.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable, "unavailable");
            Assert.True(down.Headers.RetryAfter is not null);
        }
        finally
        {
            app.Stripe.Down = false;
        }

        Assert.Equal("reserved", await app.UsageStatusAsync(reservationId));
        var retried = await (await client.CheckoutAsync(template.Id, reservationId)).ExpectAsync(HttpStatusCode.OK);
        Assert.NotNull(retried["sessionId"]);

        var keys = app.Stripe.CreateRequests.Where(r => r.Form["metadata[usage_id]"] == reservationId.ToString()).Select(r => r.IdempotencyKey).Distinct().ToList();
        Assert.Equal([$"checkout-session-{retried.Id("purchaseId"):N}"], keys);
        Assert.Equal(1L, await app.ScalarAsync<long>("SELECT count(*) FROM purchase WHERE usage_id = @id", new { id = reservationId }));
    }

    [Trait("EdgeCase", "EC-025")]
    [Fact]
    public async Task EC025_CrashAfterSessionCreatedBeforeCommit_WebhookMatchesThroughMetadata()
    {
        var journey = await Journey.StartAsync(app, "ec025-user");
        // As if the process died after Stripe answered and before our commit: the session id was never stored.
        await app.ExecuteAsync("UPDATE purchase SET stripe_session_id = NULL, checkout_url = NULL WHERE id = @id", new { id = journey.PurchaseId });
        await app.ExecuteAsync("UPDATE discount_usage SET stripe_session_id = NULL WHERE id = @id", new { id = journey.UsageId });

        var completed = app.SignedEvent("checkout.session.completed", journey.Session());
        await (await app.CreateClient().WebhookAsync(completed.Payload, completed.Signature)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("confirmed", await app.UsageStatusAsync(journey.UsageId));
        Assert.Equal(journey.SessionId, await app.ScalarAsync<string>("SELECT stripe_session_id FROM purchase WHERE id = @id", new { id = journey.PurchaseId }));
    }

    [Trait("EdgeCase", "EC-025")]
    [Fact]
    public async Task EC025_SessionNeverStored_ReleaseJobRecoversItWithTheSameKeyAndExpiresIt()
    {
        var journey = await Journey.StartAsync(app, "ec025-job");
        await app.ExecuteAsync("UPDATE purchase SET stripe_session_id = NULL, checkout_url = NULL WHERE id = @id", new { id = journey.PurchaseId });
        await app.ExecuteAsync("UPDATE discount_usage SET stripe_session_id = NULL WHERE id = @id", new { id = journey.UsageId });
        app.Clock.Advance(TimeSpan.FromMinutes(16));

        await app.Service<ReleaseExpiredReservationsJob>().RunAsync(CancellationToken.None);

        Assert.Equal("expired", (string?)app.Stripe.Session(journey.SessionId)["status"]);
        Assert.Equal("released", await app.UsageStatusAsync(journey.UsageId));
        Assert.Equal("expired", await app.PurchaseStatusAsync(journey.PurchaseId));
        Assert.Equal(0, await app.SlotsTakenAsync(journey.Code.Id));
    }

    [Trait("EdgeCase", "EC-010")]
    [Fact]
    public async Task EC010_CodePausedOrExpiredMidCheckout_HoldKeepsTermsNoNewHolds()
    {
        var template = await app.TemplateAsync(price: 8000);
        var code = await app.CodeAsync(new NewDiscountCode
        {
            Code = "MIDCHECK" + Random.Shared.Next(1000, 9999), Kind = DiscountKind.Percent, PercentOff = 50, MaxUses = 5,
            ExpiresAt = app.Clock.GetUtcNow().AddMinutes(5),
        });
        var client = app.ClientFor("ec010-user");
        var reservation = await (await client.ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created);

        app.Clock.Advance(TimeSpan.FromMinutes(6)); // the code expired; the hold (15 min) has not
        await (await app.ClientFor("ec010-late").ApplyAsync(code.Code, template.Id)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "code_expired");
        await app.ExecuteAsync("UPDATE discount_code SET status = 'paused' WHERE id = @id", new { id = code.Id });
        await (await app.ClientFor("ec010-late2").ApplyAsync(code.Code, template.Id)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "code_inactive");

        var checkout = await (await client.CheckoutAsync(template.Id, reservation.Id("reservationId"))).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(4000, (long)checkout["pricing"]!["finalAmount"]!);
    }

    [Fact]
    public async Task Checkout_ExpiredOrForeignOrOtherTemplateReservation_RefusedWithoutChanges()
    {
        var template = await app.TemplateAsync();
        var other = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(10);
        var client = app.ClientFor("inactive-user");
        var reservation = await (await client.ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created);
        var id = reservation.Id("reservationId");

        await (await app.ClientFor("intruder").CheckoutAsync(template.Id, id)).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await client.CheckoutAsync(other.Id, id)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "reservation_inactive");
        app.Clock.Advance(TimeSpan.FromMinutes(15));
        await (await client.CheckoutAsync(template.Id, id)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "reservation_inactive");
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM purchase WHERE usage_id = @id", new { id }));
    }

    [Fact]
    public async Task Checkout_ExtendsTheHoldOnce()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(10);
        var client = app.ClientFor("extend-user");
        var reservation = await (await client.ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created);
        app.Clock.Advance(TimeSpan.FromMinutes(10));

        await (await client.CheckoutAsync(template.Id, reservation.Id("reservationId"))).ExpectAsync(HttpStatusCode.Created);

        var expiresAt = await app.ScalarAsync<DateTime>("SELECT expires_at FROM discount_usage WHERE id = @id", new { id = reservation.Id("reservationId") });
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime.AddMinutes(15), expiresAt, TimeSpan.FromMilliseconds(1));
        var again = await (await client.CheckoutAsync(template.Id, reservation.Id("reservationId"))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(PurchaseStatus.Pending, (string?)again["status"]);
        Assert.Equal(expiresAt, await app.ScalarAsync<DateTime>("SELECT expires_at FROM discount_usage WHERE id = @id", new { id = reservation.Id("reservationId") }));
    }

    [Fact]
    public async Task Checkout_WithoutReservation_FullPriceAndIdempotencyKey()
    {
        var template = await app.TemplateAsync(price: 3100);
        var client = app.ClientFor("full-price-user");
        var first = await (await client.CheckoutAsync(template.Id, null, "order-1")).ExpectAsync(HttpStatusCode.Created);
        var repeat = await (await client.CheckoutAsync(template.Id, null, "order-1")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(first["purchaseId"]!.ToString(), repeat["purchaseId"]!.ToString());
        Assert.Equal(3100, (long)first["pricing"]!["finalAmount"]!);
    }

    [Fact]
    public async Task Reapply_AfterHoldLapsedWithCheckoutOpen_NeverReleasesWithoutExpiringTheSession()
    {
        var journey = await Journey.StartAsync(app, "lapsed-checkout");
        app.Clock.Advance(TimeSpan.FromMinutes(16)); // overdue, the release job has not run yet
        var client = app.ClientFor("lapsed-checkout");

        var again = await (await client.ApplyAsync(journey.Code.Code, journey.Template.Id)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(journey.UsageId, again.Id("reservationId"));
        var other = await app.PercentCodeAsync(40);
        await (await client.ApplyAsync(other.Code, journey.Template.Id)).ExpectProblemAsync(HttpStatusCode.Conflict, "conflict");

        Assert.Equal("reserved", await app.UsageStatusAsync(journey.UsageId));
        Assert.Equal("open", (string?)app.Stripe.Session(journey.SessionId)["status"]);
    }
}
