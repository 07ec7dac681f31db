using System.Net;
using Discounts.Tests.Infrastructure;
using Discounts.Core.Reservations;

namespace Discounts.Tests.Races;

/// <summary>Duplicated, reordered and racing deliveries end in exactly one effect and the true state.</summary>
public sealed class WebhookRaceTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Trait("EdgeCase", "EC-007")]
    [Fact]
    public async Task EC007_SameEventTenTimesConcurrently_OneEffect()
    {
        var journey = await Journey.StartAsync(app, "ec007-user");
        app.Stripe.Complete(journey.SessionId);
        var (payload, signature) = app.SignedEvent("checkout.session.completed", journey.Session());

        var responses = await Race.RunAsync(10, _ => app.CreateClient().WebhookAsync(payload, signature));

        var bodies = new List<bool>();
        foreach (var response in responses)
        {
            bodies.Add((bool)(await response.ExpectAsync(HttpStatusCode.OK))["duplicate"]!);
        }

        Assert.Equal(9, bodies.Count(d => d));
        Assert.Equal("confirmed", await app.UsageStatusAsync(journey.UsageId));
        Assert.Equal(1L, await app.ScalarAsync<long>("SELECT count(*) FROM discount_audit_log WHERE usage_id = @id AND action = 'usage.confirmed'", new { id = journey.UsageId }));
        Assert.Equal(1L, await app.ScalarAsync<long>("SELECT count(*) FROM discount_audit_log WHERE purchase_id = @id AND action = 'purchase.paid'", new { id = journey.PurchaseId }));
        await app.AssertSlotsAgreeAsync(journey.Code.Id);
    }

    [Trait("EdgeCase", "EC-008")]
    [Fact]
    public async Task EC008_ExpiredAfterCompleted_StaysConfirmed()
    {
        var journey = await Journey.StartAsync(app, "ec008-a");
        var completed = app.SignedEvent("checkout.session.completed", journey.Session());
        var expired = app.SignedEvent("checkout.session.expired", journey.Session("expired", "unpaid"));

        await (await app.CreateClient().WebhookAsync(completed.Payload, completed.Signature)).ExpectAsync(HttpStatusCode.OK);
        await (await app.CreateClient().WebhookAsync(expired.Payload, expired.Signature)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("confirmed", await app.UsageStatusAsync(journey.UsageId));
        Assert.Equal("paid", await app.PurchaseStatusAsync(journey.PurchaseId));
        await app.AssertSlotsAgreeAsync(journey.Code.Id);
    }

    [Trait("EdgeCase", "EC-008")]
    [Fact]
    public async Task EC008_CompletedAfterExpired_PaymentWinsAndRetakesTheSlot()
    {
        var journey = await Journey.StartAsync(app, "ec008-b");
        var expired = app.SignedEvent("checkout.session.expired", journey.Session("expired", "unpaid"));
        var completed = app.SignedEvent("checkout.session.completed", journey.Session());

        await (await app.CreateClient().WebhookAsync(expired.Payload, expired.Signature)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("released", await app.UsageStatusAsync(journey.UsageId));
        await (await app.CreateClient().WebhookAsync(completed.Payload, completed.Signature)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("confirmed", await app.UsageStatusAsync(journey.UsageId));
        Assert.Equal("paid", await app.PurchaseStatusAsync(journey.PurchaseId));
        Assert.Equal(1, await app.SlotsTakenAsync(journey.Code.Id));
        await app.AssertSlotsAgreeAsync(journey.Code.Id);
    }

    [Trait("EdgeCase", "EC-008")]
    [Fact]
    public async Task EC008_CompletedAfterExpiredWhenSlotsAreGone_OverLimitAndFlagged()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(25, maxUses: 1);
        var journey = await Journey.StartAsync(app, "ec008-c", code, template);
        var expired = app.SignedEvent("checkout.session.expired", journey.Session("expired", "unpaid"));
        await (await app.CreateClient().WebhookAsync(expired.Payload, expired.Signature)).ExpectAsync(HttpStatusCode.OK);
        await (await app.ClientFor("ec008-other").ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created);

        var completed = app.SignedEvent("checkout.session.completed", journey.Session());
        await (await app.CreateClient().WebhookAsync(completed.Payload, completed.Signature)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("over_limit", await app.UsageStatusAsync(journey.UsageId));
        Assert.Equal("pending", await app.ScalarAsync<string>("SELECT review_status FROM discount_usage WHERE id = @id", new { id = journey.UsageId }));
        Assert.Equal(1, await app.SlotsTakenAsync(code.Id)); // never above max_uses
        await app.AssertSlotsAgreeAsync(code.Id);
    }

    [Trait("EdgeCase", "EC-004")]
    [Fact]
    public async Task EC004_ReleaseJobRacesPaymentWebhook_ExactlyOneWins()
    {
        for (var round = 0; round < 6; round++)
        {
            var journey = await Journey.StartAsync(app, $"ec004-{round}");
            app.Stripe.Complete(journey.SessionId); // the customer paid; the webhook is in flight
            app.Clock.Advance(TimeSpan.FromMinutes(16)); // ...while the hold's time ran out
            var (payload, signature) = app.SignedEvent("checkout.session.completed", journey.Session());
            var job = app.Service<ReleaseExpiredReservationsJob>();

            await Task.WhenAll(
                app.CreateClient().WebhookAsync(payload, signature),
                job.RunAsync(CancellationToken.None));

            // A paid hold is never released: whichever ran first, the usage is confirmed and holds its slot.
            Assert.Equal("confirmed", await app.UsageStatusAsync(journey.UsageId));
            Assert.Equal("paid", await app.PurchaseStatusAsync(journey.PurchaseId));
            Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM discount_audit_log WHERE usage_id = @id AND action = 'usage.released'", new { id = journey.UsageId }));
            await app.AssertSlotsAgreeAsync(journey.Code.Id);
        }
    }

    [Trait("EdgeCase", "EC-040")]
    [Fact]
    public async Task EC040_TwoReleaseJobsAtOnce_EachHoldReleasedOnce()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(10, maxUses: 300);
        await Race.RunAsync(60, i => app.ClientFor($"ec040-{i}").ApplyAsync(code.Code, template.Id));
        var journeys = new List<Journey>();
        for (var i = 0; i < 5; i++)
        {
            journeys.Add(await Journey.StartAsync(app, $"ec040-checkout-{i}", code, template));
        }

        app.Clock.Advance(TimeSpan.FromMinutes(20));
        var job = app.Service<ReleaseExpiredReservationsJob>();

        var reports = await Race.RunAsync(2, _ => job.RunAsync(CancellationToken.None));

        Assert.Equal(65, reports.Sum(r => r.Released));
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM discount_usage WHERE code_id = @id AND status = 'reserved'", new { id = code.Id }));
        Assert.Equal(0L, await app.ScalarAsync<long>("""
            SELECT count(*) FROM (SELECT usage_id FROM discount_audit_log WHERE action = 'usage.released' AND code_id = @id GROUP BY usage_id HAVING count(*) > 1) d
            """, new { id = code.Id }));
        Assert.Equal(0, await app.SlotsTakenAsync(code.Id));
        Assert.All(journeys, j => Assert.Equal("expired", (string?)app.Stripe.Session(j.SessionId)["status"]));
    }
}
