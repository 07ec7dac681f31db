using System.Net;
using Discounts.Core.Codes;
using Discounts.Tests.Infrastructure;
using Discounts.Core.Reservations;

namespace Discounts.Tests.Usages;

/// <summary>Usage lists, the review queue, review (reject refunds through Stripe) and release by hand.</summary>
public sealed class UsageAdminTests(AppFactory app) : IClassFixture<AppFactory>
{
    private HttpClient Admin => app.ClientFor("admin-usages", admin: true);

    private async Task<Journey> PaidAsync(string userId, DiscountCode code)
    {
        var journey = await Journey.StartAsync(app, userId, code);
        app.Stripe.Complete(journey.SessionId);
        var (payload, signature) = app.SignedEvent("checkout.session.completed", journey.Session());
        await (await app.CreateClient().WebhookAsync(payload, signature)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("confirmed", await app.UsageStatusAsync(journey.UsageId));
        return journey;
    }

    private Task<int> FlagAsync(Guid usageId) => app.ExecuteAsync(
        """UPDATE discount_usage SET review_status = 'pending', risk_score = 80, risk_signals = '[{"signal":"same_device","weight":80}]' WHERE id = @usageId""",
        new { usageId });

    [Fact]
    public async Task ListDiscountUsages_StatusFilterAndCursor_PagesNewestFirstWithoutOverlap()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(10, maxUses: 10);
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await (await app.ClientFor($"list-{i}").ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created)).Id("reservationId"));
            app.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        await app.ClientFor("list-0").DeleteAsync($"/api/discount/reservations/{ids[0]}");

        var first = await (await Admin.GetAsync($"/api/manage/discounts/{code.Id}/usages?limit=3")).ExpectAsync(HttpStatusCode.OK);
        var second = await (await Admin.GetAsync($"/api/manage/discounts/{code.Id}/usages?limit=3&cursor={Uri.EscapeDataString((string)first["nextCursor"]!)}")).ExpectAsync(HttpStatusCode.OK);
        var seen = first["items"]!.AsArray().Concat(second["items"]!.AsArray()).Select(u => Guid.Parse((string)u!["id"]!)).ToList();
        Assert.Equal(Enumerable.Reverse(ids), seen);
        Assert.Null(second["nextCursor"]);
        var row = first["items"]![0]!;
        Assert.Equal("reserved", (string?)row["status"]);
        Assert.Equal("list-4@example.com", (string?)row["email"]);
        Assert.NotNull(row["pricing"]!["finalAmount"]);
        Assert.Equal("[]", row["riskSignals"]!.ToJsonString());

        var released = await (await Admin.GetAsync($"/api/manage/discounts/{code.Id}/usages?status=released")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(ids[0], Guid.Parse((string)released["items"]!.AsArray().Single()!["id"]!));

        await (await Admin.GetAsync($"/api/manage/discounts/{code.Id}/usages?status=bogus&limit=0&cursor=%%%")).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
        await (await Admin.GetAsync($"/api/manage/discounts/{Guid.NewGuid()}/usages")).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task ListFlaggedUsages_PendingReviewOnly_WithRiskSignalsAsJson()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(10, maxUses: 10);
        var flagged = (await (await app.ClientFor("flag-a").ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created)).Id("reservationId");
        await (await app.ClientFor("flag-b").ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created);
        await FlagAsync(flagged);

        var queue = await (await Admin.GetAsync("/api/manage/usages/flagged")).ExpectAsync(HttpStatusCode.OK);

        var item = queue["items"]!.AsArray().Single(i => Guid.Parse((string)i!["id"]!) == flagged)!;
        Assert.DoesNotContain(queue["items"]!.AsArray(), i => (string?)i!["reviewStatus"] != "pending");
        Assert.Equal(80, (int)item["riskScore"]!);
        Assert.Equal("same_device", (string?)item["riskSignals"]![0]!["signal"]);
    }

    [Fact]
    public async Task ReviewUsage_Approve_ReviewStatusApprovedAuditedNoRefund()
    {
        var code = await app.PercentCodeAsync(25, maxUses: 10);
        var journey = await PaidAsync("review-approve", code);
        await FlagAsync(journey.UsageId);

        var body = await (await Admin.PostJsonAsync($"/api/manage/usages/{journey.UsageId}/review", """{"decision":"approve","note":"known customer"}""")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("approved", (string?)body["usage"]!["reviewStatus"]);
        Assert.Equal("confirmed", await app.UsageStatusAsync(journey.UsageId));
        Assert.DoesNotContain(app.Stripe.RefundRequests, r => r.IdempotencyKey == $"refund-{journey.PurchaseId:N}");
        Assert.Equal("known customer", await app.ScalarAsync<string>("SELECT after->>'note' FROM discount_audit_log WHERE usage_id = @id AND action = 'usage.reviewed'", new { id = journey.UsageId }));
        await (await Admin.PostJsonAsync($"/api/manage/usages/{journey.UsageId}/review", """{"decision":"maybe"}""")).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
        await (await Admin.PostJsonAsync($"/api/manage/usages/{Guid.NewGuid()}/review", """{"decision":"approve"}""")).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Trait("EdgeCase", "EC-039")]
    [Fact]
    public async Task EC039_RejectFlaggedConfirmedUsage_RefundedThroughStripeMarkedAndAudited()
    {
        var code = await app.PercentCodeAsync(25, maxUses: 10);
        var journey = await PaidAsync("ec039-user", code);
        await FlagAsync(journey.UsageId);

        var body = await (await Admin.PostJsonAsync($"/api/manage/usages/{journey.UsageId}/review", """{"decision":"reject","note":"stolen card"}""")).ExpectAsync(HttpStatusCode.OK);

        var refund = app.Stripe.RefundRequests.Single(r => r.IdempotencyKey == $"refund-{journey.PurchaseId:N}");
        Assert.Equal("pi_" + journey.SessionId[3..], refund.Form["payment_intent"]);
        Assert.StartsWith("re_", (string?)body["refundId"]);
        Assert.Equal("rejected", (string?)body["usage"]!["reviewStatus"]);
        Assert.Equal("refunded", await app.UsageStatusAsync(journey.UsageId));
        Assert.Equal("refunded", await app.PurchaseStatusAsync(journey.PurchaseId));
        var actions = await app.QueryAsync<string>("SELECT action FROM discount_audit_log WHERE usage_id = @id ORDER BY id", new { id = journey.UsageId });
        Assert.Contains("usage.refunded", actions);
        Assert.Contains("purchase.refunded", actions);
        Assert.Equal("usage.reviewed", actions[^1]);

        // Stripe's own charge.refunded event for this refund arrives afterwards: acknowledged, nothing moves twice.
        var audit = await app.CountAsync("discount_audit_log");
        var refunded = app.SignedEvent("charge.refunded", new { id = "ch_" + journey.SessionId[3..], @object = "charge", refunded = true, payment_intent = "pi_" + journey.SessionId[3..] });
        await (await app.CreateClient().WebhookAsync(refunded.Payload, refunded.Signature)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(audit, await app.CountAsync("discount_audit_log"));
        Assert.Equal("refunded", await app.UsageStatusAsync(journey.UsageId));

        // Rejecting again changes nothing and calls Stripe no more.
        await (await Admin.PostJsonAsync($"/api/manage/usages/{journey.UsageId}/review", """{"decision":"reject"}""")).ExpectAsync(HttpStatusCode.OK);
        Assert.Single(app.Stripe.RefundRequests, r => r.IdempotencyKey == $"refund-{journey.PurchaseId:N}");
        await (await Admin.PostJsonAsync($"/api/manage/usages/{journey.UsageId}/review", """{"decision":"approve"}""")).ExpectProblemAsync(HttpStatusCode.Conflict, "conflict");
    }

    [Trait("EdgeCase", "EC-039")]
    [Fact]
    public async Task EC039_RejectWhileStripeDown_503AndNothingChanged()
    {
        var code = await app.PercentCodeAsync(25, maxUses: 10);
        var journey = await PaidAsync("ec039-down", code);
        await FlagAsync(journey.UsageId);
        var audit = await app.CountAsync("discount_audit_log");

        app.Stripe.Down = true;
        try
        {
            await (await Admin.PostJsonAsync($"/api/manage/usages/{journey.UsageId}/review", """{"decision":"reject"}""")).ExpectProblemAsync(HttpStatusCode.ServiceUnavailable, "unavailable");
        }
        finally
        {
            app.Stripe.Down = false;
        }

        Assert.Equal("confirmed", await app.UsageStatusAsync(journey.UsageId));
        Assert.Equal("paid", await app.PurchaseStatusAsync(journey.PurchaseId));
        Assert.Equal("pending", await app.ScalarAsync<string>("SELECT review_status FROM discount_usage WHERE id = @id", new { id = journey.UsageId }));
        Assert.Equal(audit, await app.CountAsync("discount_audit_log"));
    }

    [Trait("EdgeCase", "EC-039")]
    [Fact]
    public async Task EC039_RejectWhenStripeRefusesRefund_409AndNothingChanged()
    {
        var code = await app.PercentCodeAsync(25, maxUses: 10);
        var journey = await PaidAsync("ec039-refused", code);
        await app.ExecuteAsync("UPDATE purchase SET stripe_payment_intent_id = 'pi_unknown_to_stripe' WHERE id = @id", new { id = journey.PurchaseId });

        await (await Admin.PostJsonAsync($"/api/manage/usages/{journey.UsageId}/review", """{"decision":"reject"}""")).ExpectProblemAsync(HttpStatusCode.Conflict, "conflict");

        Assert.Single(app.Stripe.RefundRequests, r => r.IdempotencyKey == $"refund-{journey.PurchaseId:N}");
        Assert.Equal("confirmed", await app.UsageStatusAsync(journey.UsageId));
        Assert.Equal("paid", await app.PurchaseStatusAsync(journey.PurchaseId));
    }

    [Fact]
    public async Task ReleaseUsage_HoldWithOpenSession_SessionExpiredFirstThenReleased()
    {
        var code = await app.PercentCodeAsync(25, maxUses: 10);
        var journey = await Journey.StartAsync(app, "release-by-hand", code);

        var body = await (await Admin.PostAsync($"/api/manage/usages/{journey.UsageId}/release", null)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("released", (string?)body["result"]);
        Assert.Equal("admin", (string?)body["usage"]!["releaseReason"]);
        Assert.Equal("expired", (string?)app.Stripe.Session(journey.SessionId)["status"]);
        Assert.Equal(0, await app.SlotsTakenAsync(code.Id));
        Assert.Equal("admin-usages", (await app.ScalarAsync<string>("SELECT actor FROM discount_audit_log WHERE usage_id = @id AND action = 'usage.released'", new { id = journey.UsageId }))[5..]);

        var again = await (await Admin.PostAsync($"/api/manage/usages/{journey.UsageId}/release", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("not_active", (string?)again["result"]);
        await (await Admin.PostAsync($"/api/manage/usages/{Guid.NewGuid()}/release", null)).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task ReleaseUsage_SessionPaidMeanwhile_ConfirmedInsteadOfReleased()
    {
        var code = await app.PercentCodeAsync(25, maxUses: 10);
        var journey = await Journey.StartAsync(app, "release-paid", code);
        app.Stripe.Complete(journey.SessionId);

        var body = await (await Admin.PostAsync($"/api/manage/usages/{journey.UsageId}/release", null)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("paid", (string?)body["result"]);
        Assert.Equal("confirmed", await app.UsageStatusAsync(journey.UsageId));
        Assert.Equal(1, await app.SlotsTakenAsync(code.Id));
    }

    [Fact]
    public async Task ReleaseUsage_StripeDown_503AndHoldKept()
    {
        var code = await app.PercentCodeAsync(25, maxUses: 10);
        var journey = await Journey.StartAsync(app, "release-down", code);
        app.Stripe.Down = true;
        try
        {
            await (await Admin.PostAsync($"/api/manage/usages/{journey.UsageId}/release", null)).ExpectProblemAsync(HttpStatusCode.ServiceUnavailable, "unavailable");
        }
        finally
        {
            app.Stripe.Down = false;
        }

        Assert.Equal("reserved", await app.UsageStatusAsync(journey.UsageId));
    }

    [Fact]
    public async Task UsageAdminFunctions_NonAdmin_403()
    {
        var user = app.ClientFor("not-admin");
        var id = Guid.NewGuid();
        await (await user.GetAsync($"/api/manage/discounts/{id}/usages")).ExpectProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await user.GetAsync("/api/manage/usages/flagged")).ExpectProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await user.PostJsonAsync($"/api/manage/usages/{id}/review", """{"decision":"approve"}""")).ExpectProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await user.PostAsync($"/api/manage/usages/{id}/release", null)).ExpectProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }
}
