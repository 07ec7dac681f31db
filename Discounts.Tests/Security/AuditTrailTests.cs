using System.Net;
using Discounts.Tests.Infrastructure;
using Discounts.Core.Reservations;

namespace Discounts.Tests.Security;

/// <summary>
/// Invariant 7: every state change of a usage or a code writes its audit row in the same transaction. A row's
/// <c>xmin</c> is the transaction that last changed it, so each usage and code must have an audit row with the
/// same <c>xmin</c> — checked after journeys through every transition.
/// </summary>
public sealed class AuditTrailTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task EveryUsageAndCodeChange_HasItsAuditRowInTheSameTransaction()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(20, maxUses: 10);
        var generous = await app.CodeAsync(new Core.Codes.NewDiscountCode { Code = "AUDITREFUND", Kind = "percent", PercentOff = 10, MaxUses = 5, RefundReleasesSlot = true });

        var paid = await Journey.StartAsync(app, "audit-paid", code, template);
        var completed = app.SignedEvent("checkout.session.completed", paid.Session());
        await (await app.CreateClient().WebhookAsync(completed.Payload, completed.Signature)).ExpectAsync(HttpStatusCode.OK);

        var refunded = await Journey.StartAsync(app, "audit-refunded", generous, template);
        foreach (var (type, body) in new[] { ("checkout.session.completed", refunded.Session()), ("charge.refunded", (object)new { id = "ch_a", @object = "charge", refunded = true, payment_intent = "pi_" + refunded.SessionId[3..] }) })
        {
            var e = app.SignedEvent(type, body);
            await (await app.CreateClient().WebhookAsync(e.Payload, e.Signature)).ExpectAsync(HttpStatusCode.OK);
        }

        var cancelled = await (await app.ClientFor("audit-cancel").ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created);
        await app.ClientFor("audit-cancel").DeleteAsync($"/api/discount/reservations/{cancelled["reservationId"]}");
        var pending = await Journey.StartAsync(app, "audit-pending", code, template);
        var unpaid = app.SignedEvent("checkout.session.completed", pending.Session(paymentStatus: "unpaid"));
        await (await app.CreateClient().WebhookAsync(unpaid.Payload, unpaid.Signature)).ExpectAsync(HttpStatusCode.OK);
        await Journey.StartAsync(app, "audit-abandoned", code, template);
        await (await app.ClientFor("audit-plain").ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created);

        // The admins' changes: a review of each kind, a release by hand, an edit, an archive, a generated batch.
        var admin = app.ClientFor("audit-admin", admin: true);
        foreach (var decision in new[] { "approve", "reject" })
        {
            var reviewed = await Journey.StartAsync(app, "audit-" + decision, code, template);
            app.Stripe.Complete(reviewed.SessionId);
            var completedToo = app.SignedEvent("checkout.session.completed", reviewed.Session());
            await (await app.CreateClient().WebhookAsync(completedToo.Payload, completedToo.Signature)).ExpectAsync(HttpStatusCode.OK);
            await (await admin.PostJsonAsync($"/api/manage/usages/{reviewed.UsageId}/review", $$"""{"decision":"{{decision}}","note":"checked"}""")).ExpectAsync(HttpStatusCode.OK);
        }

        var byHand = await (await app.ClientFor("audit-by-hand").ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created);
        await (await admin.PostAsync($"/api/manage/usages/{byHand["reservationId"]}/release", null)).ExpectAsync(HttpStatusCode.OK);
        await (await admin.PatchDiscountAsync(code.Id, "\"1\"", """{"maxUses":12,"description":"edited"}""")).ExpectAsync(HttpStatusCode.OK);
        var archived = await app.PercentCodeAsync(5, maxUses: 2);
        Assert.True((await admin.DeleteAsync($"/api/manage/discounts/{archived.Id}")).IsSuccessStatusCode);
        await (await admin.PostJsonAsync("/api/manage/discounts/generate", """{"count":3,"prefix":"AUDIT-","terms":{"kind":"percent","percentOff":5}}""")).ExpectAsync(HttpStatusCode.Created);

        app.Clock.Advance(TimeSpan.FromMinutes(20));
        await app.Service<ReleaseExpiredReservationsJob>().RunAsync(CancellationToken.None);

        Assert.Equal(["confirmed", "payment_pending", "refunded", "released"],
            await app.QueryAsync<string>("SELECT DISTINCT status FROM discount_usage ORDER BY status"));
        Assert.Empty(await app.QueryAsync<Guid>("""
            SELECT u.id FROM discount_usage u
            WHERE NOT EXISTS (SELECT 1 FROM discount_audit_log a WHERE a.usage_id = u.id AND a.xmin = u.xmin)
            """));
        Assert.Empty(await app.QueryAsync<Guid>("""
            SELECT c.id FROM discount_code c
            WHERE NOT EXISTS (SELECT 1 FROM discount_audit_log a WHERE a.code_id = c.id AND a.xmin = c.xmin)
            """));
        Assert.Empty(await app.QueryAsync<Guid>("""
            SELECT p.id FROM purchase p
            WHERE NOT EXISTS (SELECT 1 FROM discount_audit_log a WHERE a.purchase_id = p.id AND a.xmin = p.xmin)
            """));
    }
}
