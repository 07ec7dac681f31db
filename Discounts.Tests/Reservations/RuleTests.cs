using Dapper;
using System.Net;
using Discounts.Core.Codes;
using Discounts.Tests.Infrastructure;

namespace Discounts.Tests.Reservations;

/// <summary>The business rules through apply and validate, each answering its stable rule code.</summary>
public sealed class RuleTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static string NewCode(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    [Trait("EdgeCase", "EC-020")]
    [Fact]
    public async Task EC020_FixedCodeInAnotherCurrency_CurrencyMismatch()
    {
        var template = await app.TemplateAsync(price: 4900, currency: "eur");
        var code = await app.CodeAsync(new NewDiscountCode { Code = NewCode("USD"), Kind = DiscountKind.Fixed, AmountOff = 500, Currency = "usd", MaxUses = 5 });
        await (await app.ClientFor("ec020").ApplyAsync(code.Code, template.Id)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "currency_mismatch");
        var validation = await (await app.CreateClient().GetAsync($"/api/discount/validate?code={code.Code}&templateId={template.Id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("currency_mismatch", (string?)validation["reason"]);
    }

    [Trait("EdgeCase", "EC-021")]
    [Fact]
    public async Task EC021_StartsAtInclusiveExpiresAtExclusive()
    {
        var template = await app.TemplateAsync();
        var start = app.Clock.GetUtcNow().AddHours(1);
        var code = await app.CodeAsync(new NewDiscountCode { Code = NewCode("WIN"), Kind = DiscountKind.Percent, PercentOff = 10, StartsAt = start, ExpiresAt = start.AddHours(1) });
        async Task<string?> Reason(string user) =>
            (string?)(await (await app.ClientFor(user).GetAsync($"/api/discount/validate?code={code.Code}&templateId={template.Id}")).ExpectAsync(HttpStatusCode.OK))["reason"];

        app.Clock.SetUtcNow(start.AddTicks(-10));
        Assert.Equal("code_not_started", await Reason("ec021-a"));
        app.Clock.SetUtcNow(start);
        Assert.Null(await Reason("ec021-b"));
        await (await app.ClientFor("ec021-b").ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created);
        app.Clock.SetUtcNow(start.AddHours(1).AddTicks(-10));
        Assert.Null(await Reason("ec021-c"));
        app.Clock.SetUtcNow(start.AddHours(1));
        Assert.Equal("code_expired", await Reason("ec021-d"));
        await (await app.ClientFor("ec021-d").ApplyAsync(code.Code, template.Id)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "code_expired");
    }

    [Trait("EdgeCase", "EC-043")]
    [Fact]
    public async Task EC043_AdminDatesWithOffset_StoredAndReturnedAsUtc()
    {
        var response = await app.ClientFor("ec043-admin", admin: true).PostAsync("/api/manage/discounts", new StringContent(
            $$"""{"code":"{{NewCode("TZ")}}","kind":"percent","percentOff":10,"startsAt":"2030-01-01T09:00:00+09:00","expiresAt":"2030-01-02T00:00:00-05:00"}""",
            System.Text.Encoding.UTF8, "application/json"));
        var body = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("2030-01-01T00:00:00Z", (string?)body["startsAt"]);
        Assert.Equal("2030-01-02T05:00:00Z", (string?)body["expiresAt"]);
        var stored = await app.ScalarAsync<DateTime>("SELECT starts_at FROM discount_code WHERE id = @id", new { id = body.Id("id") });
        Assert.Equal(new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc), stored);
    }

    [Trait("EdgeCase", "EC-047")]
    [Fact]
    public async Task EC047_UnlimitedCode_NoSlotLimitButPerUserLimitHolds()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(5, maxUses: null);
        var responses = await Race.RunAsync(40, i => app.ClientFor($"ec047-{i}").ApplyAsync(code.Code, template.Id));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM discount_slot WHERE code_id = @id", new { id = code.Id }));

        var other = await app.TemplateAsync();
        await (await app.ClientFor("ec047-0").ApplyAsync(code.Code, other.Id)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "already_used");
    }

    [Trait("EdgeCase", "EC-048")]
    [Fact]
    public async Task EC048_MaxUsesPerUserAboveOne_CountsActiveAndConfirmed()
    {
        var templates = new[] { await app.TemplateAsync(), await app.TemplateAsync(), await app.TemplateAsync() };
        var code = await app.CodeAsync(new NewDiscountCode { Code = NewCode("TWICE"), Kind = DiscountKind.Percent, PercentOff = 10, MaxUses = 10, MaxUsesPerUser = 2 });
        var client = app.ClientFor("ec048");
        var first = await (await client.ApplyAsync(code.Code, templates[0].Id)).ExpectAsync(HttpStatusCode.Created);
        var checkout = await (await client.CheckoutAsync(templates[0].Id, first.Id("reservationId"))).ExpectAsync(HttpStatusCode.Created);
        var session = app.Stripe.Complete((string)checkout["sessionId"]!);
        var paid = app.SignedEvent("checkout.session.completed", session);
        await (await app.CreateClient().WebhookAsync(paid.Payload, paid.Signature)).ExpectAsync(HttpStatusCode.OK);

        await (await client.ApplyAsync(code.Code, templates[1].Id)).ExpectAsync(HttpStatusCode.Created);
        await (await client.ApplyAsync(code.Code, templates[2].Id)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "already_used");
    }

    [Trait("EdgeCase", "EC-049")]
    [Fact]
    public async Task EC049_MinOrderTemplateRestrictionFirstPurchase_RightRuleCode()
    {
        var cheap = await app.TemplateAsync(price: 900);
        var allowed = await app.TemplateAsync(price: 5000);
        var minimum = await app.CodeAsync(new NewDiscountCode { Code = NewCode("MIN"), Kind = DiscountKind.Percent, PercentOff = 10, MinOrderAmount = 1000 });
        var restricted = await app.CodeAsync(new NewDiscountCode { Code = NewCode("ONLY"), Kind = DiscountKind.Percent, PercentOff = 10, TemplateIds = [allowed.Id] });
        var first = await app.CodeAsync(new NewDiscountCode { Code = NewCode("FIRST"), Kind = DiscountKind.Percent, PercentOff = 10, FirstPurchaseOnly = true });

        await (await app.ClientFor("ec049").ApplyAsync(minimum.Code, cheap.Id)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "min_order_not_met");
        await (await app.ClientFor("ec049").ApplyAsync(restricted.Code, cheap.Id)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "not_applicable");
        await (await app.ClientFor("ec049").ApplyAsync(minimum.Code, Guid.NewGuid())).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "template_not_found");
        await (await app.ClientFor("ec049").ApplyAsync("NOSUCHCODE", allowed.Id)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "code_not_found");

        var buyer = app.ClientFor("ec049-buyer");
        var bought = await (await buyer.CheckoutAsync(cheap.Id, null)).ExpectAsync(HttpStatusCode.Created);
        var paid = app.SignedEvent("checkout.session.completed", app.Stripe.Complete((string)bought["sessionId"]!));
        await (await app.CreateClient().WebhookAsync(paid.Payload, paid.Signature)).ExpectAsync(HttpStatusCode.OK);
        await (await buyer.ApplyAsync(first.Code, allowed.Id)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "first_purchase_only");
        await (await app.ClientFor("ec049-new").ApplyAsync(first.Code, allowed.Id)).ExpectAsync(HttpStatusCode.Created);
    }

    [Trait("EdgeCase", "EC-024")]
    [Fact]
    public async Task EC024_ConnectionLostMidTransaction_FullRollback()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(10, maxUses: 3);
        var dataSource = app.Service<Npgsql.NpgsqlDataSource>();
        var usageId = Guid.CreateVersion7();

        var lost = await Assert.ThrowsAnyAsync<Exception>(() => Core.Database.Transactions.RunAsync(dataSource, async (conn, tx) =>
        {
            await Core.Reservations.UsageRepository.ReserveAsync(conn, tx, new Core.Reservations.Usage
            {
                Id = usageId, CodeId = code.Id, Code = code.Code, UserId = "ec024", TemplateId = template.Id, Kind = "percent",
                PercentBps = 1000, OriginalAmount = 4900, DiscountAmount = 490, FinalAmount = 4410, Currency = "usd",
                ReservedAt = DateTime.UtcNow, ExpiresAt = DateTime.UtcNow.AddMinutes(15), UpdatedAt = DateTime.UtcNow,
            }, maxUses: 3, "test", "{}");
            Assert.Equal(1L, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM discount_slot WHERE usage_id = @usageId", new { usageId }, tx));
            await using var kill = new Npgsql.NpgsqlCommand("SELECT pg_terminate_backend(pg_backend_pid())", conn, tx);
            await kill.ExecuteNonQueryAsync(); // the connection drops here, before commit
            return 0;
        }, CancellationToken.None));

        Assert.IsAssignableFrom<Npgsql.NpgsqlException>(lost);
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM discount_usage WHERE id = @usageId", new { usageId }));
        Assert.Equal(0, await app.SlotsTakenAsync(code.Id));
    }

    [Trait("EdgeCase", "EC-044")]
    [Fact]
    public async Task EC044_BotHoldsManySlots_CappedPerUserAcrossCodes()
    {
        var client = app.ClientFor("ec044-bot");
        var holds = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var template = await app.TemplateAsync();
            var code = await app.PercentCodeAsync(10, maxUses: 5);
            holds.Add((string)(await (await client.ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created))["reservationId"]!);
        }

        var fourthTemplate = await app.TemplateAsync();
        var fourth = await app.PercentCodeAsync(10, maxUses: 5);
        await (await client.ApplyAsync(fourth.Code, fourthTemplate.Id)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "hold_limit_reached");
        Assert.Equal(0, await app.SlotsTakenAsync(fourth.Id));

        (await client.DeleteAsync($"/api/discount/reservations/{holds[0]}")).EnsureSuccessStatusCode();
        await (await client.ApplyAsync(fourth.Code, fourthTemplate.Id)).ExpectAsync(HttpStatusCode.Created);
    }

    [Trait("EdgeCase", "EC-046")]
    [Fact]
    public async Task EC046_ReuseAfterRefund_CountsUnlessCodeReleasesSlotsOnRefund()
    {
        var keeps = await app.PercentCodeAsync(10, maxUses: 5);
        var releases = await app.CodeAsync(new NewDiscountCode { Code = NewCode("FREEUP"), Kind = DiscountKind.Percent, PercentOff = 10, MaxUses = 5, RefundReleasesSlot = true });
        foreach (var (code, expected) in new[] { (keeps, HttpStatusCode.UnprocessableEntity), (releases, HttpStatusCode.Created) })
        {
            var user = "ec046-" + code.Code;
            var journey = await Journey.StartAsync(app, user, code);
            var paid = app.SignedEvent("checkout.session.completed", journey.Session());
            await (await app.CreateClient().WebhookAsync(paid.Payload, paid.Signature)).ExpectAsync(HttpStatusCode.OK);
            var refund = app.SignedEvent("charge.refunded", new { id = "ch_" + journey.SessionId[3..], @object = "charge", refunded = true, payment_intent = "pi_" + journey.SessionId[3..] });
            await (await app.CreateClient().WebhookAsync(refund.Payload, refund.Signature)).ExpectAsync(HttpStatusCode.OK);

            var again = await app.ClientFor(user).ApplyAsync(code.Code, (await app.TemplateAsync()).Id);
            Assert.Equal(expected, again.StatusCode);
        }
    }
}
