using System.Net;
using Discounts.Tests.Infrastructure;
using Discounts.Core.Reservations;

namespace Discounts.Tests.Webhooks;

public sealed class StripeWebhookTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Trait("EdgeCase", "EC-009")]
    [Fact]
    public async Task EC009_MissingForgedOrStaleSignature_400AndNothingWritten()
    {
        var journey = await Journey.StartAsync(app, "ec009-user");
        var events = await app.CountAsync("stripe_event");
        var audit = await app.CountAsync("discount_audit_log");
        var (payload, signature) = app.SignedEvent("checkout.session.completed", journey.Session());
        var forged = app.SignedEvent("checkout.session.completed", journey.Session(), secret: "whsec_someone_else");
        var stale = app.SignedEvent("checkout.session.completed", journey.Session(), at: app.Clock.GetUtcNow().AddSeconds(-301));

        await (await app.CreateClient().WebhookAsync(payload, null)).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
        await (await app.CreateClient().WebhookAsync(forged.Payload, forged.Signature)).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
        await (await app.CreateClient().WebhookAsync(stale.Payload, stale.Signature)).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
        await (await app.CreateClient().WebhookAsync(payload.Replace("\"paid\"", "\"unpaid\"", StringComparison.Ordinal), signature)).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request");

        Assert.Equal(events, await app.CountAsync("stripe_event"));
        Assert.Equal(audit, await app.CountAsync("discount_audit_log"));
        Assert.Equal("reserved", await app.UsageStatusAsync(journey.UsageId));
    }

    [Trait("EdgeCase", "EC-050")]
    [Fact]
    public async Task EC050_EventForASessionWeDidNotCreate_200RecordedNoEffect()
    {
        var foreign = new { id = "cs_test_foreign", @object = "checkout.session", status = "complete", payment_status = "paid", client_reference_id = "order-42", metadata = new { } };
        var (payload, signature) = app.SignedEvent("checkout.session.completed", foreign, eventId: "evt_foreign_1");
        var audit = await app.CountAsync("discount_audit_log");

        var body = await (await app.CreateClient().WebhookAsync(payload, signature)).ExpectAsync(HttpStatusCode.OK);

        Assert.False((bool)body["duplicate"]!);
        Assert.Equal("unknown_session", await app.ScalarAsync<string>("SELECT outcome FROM stripe_event WHERE id = 'evt_foreign_1'"));
        Assert.Equal(audit, await app.CountAsync("discount_audit_log"));
    }

    [Fact]
    public async Task UnhandledEventType_AcknowledgedAndRecorded()
    {
        var (payload, signature) = app.SignedEvent("customer.created", new { id = "cus_1", @object = "customer" }, eventId: "evt_customer_1");
        await (await app.CreateClient().WebhookAsync(payload, signature)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("ignored", await app.ScalarAsync<string>("SELECT outcome FROM stripe_event WHERE id = 'evt_customer_1'"));
    }

    [Trait("EdgeCase", "EC-006")]
    [Fact]
    public async Task EC006_CardDeclinedThenRetrySucceeds_HoldKeptThenConfirmed()
    {
        var journey = await Journey.StartAsync(app, "ec006-user");
        var declined = app.SignedEvent("payment_intent.payment_failed", new { id = "pi_" + journey.SessionId[3..], @object = "payment_intent", status = "requires_payment_method" });

        await (await app.CreateClient().WebhookAsync(declined.Payload, declined.Signature)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("reserved", await app.UsageStatusAsync(journey.UsageId));
        Assert.Equal(1, await app.SlotsTakenAsync(journey.Code.Id));

        var completed = app.SignedEvent("checkout.session.completed", journey.Session());
        await (await app.CreateClient().WebhookAsync(completed.Payload, completed.Signature)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("confirmed", await app.UsageStatusAsync(journey.UsageId));
    }

    [Trait("EdgeCase", "EC-012")]
    [Fact]
    public async Task EC012_DelayedPayment_PendingSurvivesReleaseJob_ThenConfirmedOrReleased()
    {
        var succeeded = await Journey.StartAsync(app, "ec012-a");
        var failed = await Journey.StartAsync(app, "ec012-b");
        foreach (var journey in new[] { succeeded, failed })
        {
            app.Stripe.Complete(journey.SessionId, "unpaid");
            var completed = app.SignedEvent("checkout.session.completed", journey.Session(paymentStatus: "unpaid"));
            await (await app.CreateClient().WebhookAsync(completed.Payload, completed.Signature)).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("payment_pending", await app.UsageStatusAsync(journey.UsageId));
        }

        app.Clock.Advance(TimeSpan.FromHours(2));
        await app.Service<ReleaseExpiredReservationsJob>().RunAsync(CancellationToken.None);
        Assert.Equal("payment_pending", await app.UsageStatusAsync(succeeded.UsageId));
        Assert.Equal("payment_pending", await app.UsageStatusAsync(failed.UsageId));

        var ok = app.SignedEvent("checkout.session.async_payment_succeeded", succeeded.Session());
        var ko = app.SignedEvent("checkout.session.async_payment_failed", failed.Session(paymentStatus: "unpaid"));
        await (await app.CreateClient().WebhookAsync(ok.Payload, ok.Signature)).ExpectAsync(HttpStatusCode.OK);
        await (await app.CreateClient().WebhookAsync(ko.Payload, ko.Signature)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("confirmed", await app.UsageStatusAsync(succeeded.UsageId));
        Assert.Equal("paid", await app.PurchaseStatusAsync(succeeded.PurchaseId));
        Assert.Equal("released", await app.UsageStatusAsync(failed.UsageId));
        Assert.Equal("failed", await app.PurchaseStatusAsync(failed.PurchaseId));
        await app.AssertSlotsAgreeAsync(succeeded.Code.Id);
    }

    [Trait("EdgeCase", "EC-013")]
    [Fact]
    public async Task EC013_RefundAndDispute_PurchaseRefundedUsageFlagged_SlotOnlyIfCodeSaysSo()
    {
        var template = await app.TemplateAsync();
        var keeps = await app.PercentCodeAsync(10, maxUses: 5);
        var releases = await app.CodeAsync(new Core.Codes.NewDiscountCode { Code = "REFUNDFREES" + Random.Shared.Next(1000, 9999), Kind = "percent", PercentOff = 10, MaxUses = 5, RefundReleasesSlot = true });
        var a = await Journey.StartAsync(app, "ec013-a", keeps, template);
        var b = await Journey.StartAsync(app, "ec013-b", releases, template);
        var disputed = await Journey.StartAsync(app, "ec013-c", keeps, template);
        foreach (var journey in new[] { a, b, disputed })
        {
            var paid = app.SignedEvent("checkout.session.completed", journey.Session());
            await (await app.CreateClient().WebhookAsync(paid.Payload, paid.Signature)).ExpectAsync(HttpStatusCode.OK);
        }

        foreach (var journey in new[] { a, b })
        {
            var refund = app.SignedEvent("charge.refunded", new { id = "ch_" + journey.SessionId[3..], @object = "charge", refunded = true, payment_intent = "pi_" + journey.SessionId[3..] });
            await (await app.CreateClient().WebhookAsync(refund.Payload, refund.Signature)).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("refunded", await app.PurchaseStatusAsync(journey.PurchaseId));
            Assert.Equal("refunded", await app.UsageStatusAsync(journey.UsageId));
        }

        var dispute = app.SignedEvent("charge.dispute.created", new { id = "dp_1", @object = "dispute", payment_intent = "pi_" + disputed.SessionId[3..], status = "needs_response" });
        await (await app.CreateClient().WebhookAsync(dispute.Payload, dispute.Signature)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(2, await app.SlotsTakenAsync(keeps.Id));   // a's refunded use still counts; disputed holds one
        Assert.Equal(0, await app.SlotsTakenAsync(releases.Id)); // b's slot came back
        Assert.Equal("pending", await app.ScalarAsync<string>("SELECT review_status FROM discount_usage WHERE id = @id", new { id = disputed.UsageId }));
        Assert.Equal("confirmed", await app.UsageStatusAsync(disputed.UsageId));
        await app.AssertSlotsAgreeAsync(keeps.Id);
        await app.AssertSlotsAgreeAsync(releases.Id);
    }

    [Trait("EdgeCase", "EC-011")]
    [Fact]
    public async Task EC011_CustomerPaysAsTheHoldLapses_ConfirmedNeverReleased()
    {
        var journey = await Journey.StartAsync(app, "ec011-user");
        app.Stripe.Complete(journey.SessionId); // paid, but the webhook has not arrived yet
        app.Clock.Advance(TimeSpan.FromMinutes(31));

        var report = await app.Service<ReleaseExpiredReservationsJob>().RunAsync(CancellationToken.None);

        Assert.Equal(1, report.Confirmed);
        Assert.Equal("confirmed", await app.UsageStatusAsync(journey.UsageId));
        Assert.Equal("paid", await app.PurchaseStatusAsync(journey.PurchaseId));
        Assert.Contains(app.Stripe.Requests, r => r.Path == $"/v1/checkout/sessions/{journey.SessionId}/expire");

        // The webhook arriving afterwards changes nothing.
        var completed = app.SignedEvent("checkout.session.completed", journey.Session());
        await (await app.CreateClient().WebhookAsync(completed.Payload, completed.Signature)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1L, await app.ScalarAsync<long>("SELECT count(*) FROM discount_audit_log WHERE usage_id = @id AND action = 'usage.confirmed'", new { id = journey.UsageId }));
    }
}
