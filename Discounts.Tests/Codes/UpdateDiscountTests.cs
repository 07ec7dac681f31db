using System.Net;
using Discounts.Tests.Infrastructure;

namespace Discounts.Tests.Codes;

/// <summary>PATCH /api/manage/discounts/{id}: If-Match, editable fields, slot rows reshaped with max_uses.</summary>
public sealed class UpdateDiscountTests(AppFactory app) : IClassFixture<AppFactory>
{
    private HttpClient Admin => app.ClientFor("admin-edit", admin: true);

    [Fact]
    public async Task UpdateDiscount_PauseAndDescription_200NewETagAuditedAndValidateRefuses()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(25, maxUses: 5);

        var response = await Admin.PatchDiscountAsync(code.Id, "\"1\"", """{"status":"paused","description":"Paused for now"}""");
        var body = await response.ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("\"2\"", response.ETag());
        Assert.Equal("paused", (string?)body["status"]);
        Assert.Equal("Paused for now", (string?)body["description"]);
        Assert.Equal(2, (int)body["version"]!);
        var validate = await (await app.CreateClient().GetAsync($"/api/discount/validate?code={code.Code}&templateId={template.Id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("code_inactive", (string?)validate["reason"]);
        var audit = await app.ScalarAsync<string>("SELECT after->>'status' FROM discount_audit_log WHERE code_id = @id AND action = 'code.updated'", new { id = code.Id });
        Assert.Equal("paused", audit);

        await (await Admin.PatchDiscountAsync(code.Id, "\"2\"", """{"status":"active"}""")).ExpectAsync(HttpStatusCode.OK);
        var valid = await (await app.CreateClient().GetAsync($"/api/discount/validate?code={code.Code}&templateId={template.Id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.True((bool)valid["valid"]!);
    }

    [Trait("EdgeCase", "EC-027")]
    [Fact]
    public async Task EC027_StaleIfMatch_412AndNothingChanged()
    {
        var code = await app.PercentCodeAsync(10, maxUses: 5);
        await (await Admin.PatchDiscountAsync(code.Id, "\"1\"", """{"description":"first admin"}""")).ExpectAsync(HttpStatusCode.OK);

        await (await Admin.PatchDiscountAsync(code.Id, "\"1\"", """{"description":"second admin"}""")).ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");

        Assert.Equal("first admin", await app.ScalarAsync<string>("SELECT description FROM discount_code WHERE id = @id", new { id = code.Id }));
        Assert.Equal(2, await app.ScalarAsync<int>("SELECT version FROM discount_code WHERE id = @id", new { id = code.Id }));
    }

    [Fact]
    public async Task UpdateDiscount_MissingIfMatchOrNotEditableOrBadField_400()
    {
        var code = await app.PercentCodeAsync(10, maxUses: 5);
        var missing = await (await Admin.PatchDiscountAsync(code.Id, null, """{"description":"x"}""")).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
        Assert.NotNull(missing["errors"]!["If-Match"]);

        var frozen = await (await Admin.PatchDiscountAsync(code.Id, "\"1\"", """{"percentOff":50,"code":"OTHER"}""")).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
        Assert.NotNull(frozen["errors"]!["percentOff"]);
        Assert.NotNull(frozen["errors"]!["code"]);

        var bad = await (await Admin.PatchDiscountAsync(code.Id, "\"1\"", """{"status":"archived","maxUses":0,"minOrderAmount":-1}""")).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
        Assert.Equal(3, bad["errors"]!.AsObject().Count);
        await (await Admin.PatchDiscountAsync(code.Id, "\"1\"", "{}")).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
        await (await Admin.PatchDiscountAsync(code.Id, "\"1\"", """{"maxUses":3,"MaxUses":4}""")).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
        await (await Admin.PatchDiscountAsync(code.Id, "\"1\"", "[1]")).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
        await (await Admin.PatchDiscountAsync(code.Id, "1", """{"maxUses":99999999999}""")).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
        await (await Admin.PatchDiscountAsync(code.Id, "\"1\"", """{"startsAt":"2030-01-02T00:00:00Z","expiresAt":"2030-01-01T00:00:00Z"}""")).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
        await (await Admin.PatchDiscountAsync(Guid.NewGuid(), "\"1\"", """{"description":"x"}""")).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");

        Assert.Equal(1, await app.ScalarAsync<int>("SELECT version FROM discount_code WHERE id = @id", new { id = code.Id }));
    }

    [Trait("EdgeCase", "EC-026")]
    [Fact]
    public async Task EC026_MaxUsesBelowTaken_422_EqualAllowed_HeldSlotsRenumbered()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(10, maxUses: 6);
        var holders = new List<Guid>();
        foreach (var user in new[] { "ec026-a", "ec026-b", "ec026-c", "ec026-d" })
        {
            holders.Add((await (await app.ClientFor(user).ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created)).Id("reservationId"));
        }

        // Free slots 1 and 2 so that held slots sit at 3..4 and the next edit has to move them down.
        await app.ClientFor("ec026-a").DeleteAsync($"/api/discount/reservations/{holders[0]}");
        await app.ClientFor("ec026-b").DeleteAsync($"/api/discount/reservations/{holders[1]}");
        Assert.Equal(2, await app.SlotsTakenAsync(code.Id));

        await (await Admin.PatchDiscountAsync(code.Id, "\"1\"", """{"maxUses":1}""")).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "max_uses_below_taken");
        Assert.Equal(6, await app.ScalarAsync<long>("SELECT count(*) FROM discount_slot WHERE code_id = @id", new { id = code.Id }));

        var equal = await (await Admin.PatchDiscountAsync(code.Id, "\"1\"", """{"maxUses":2}""")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, (int)equal["maxUses"]!);
        var slots = await app.QueryAsync<(int SlotNo, Guid? UsageId)>("SELECT slot_no, usage_id FROM discount_slot WHERE code_id = @id ORDER BY slot_no", new { id = code.Id });
        Assert.Equal([1, 2], slots.Select(s => s.SlotNo));
        Assert.Equal(holders.Skip(2).Order(), slots.Select(s => s.UsageId!.Value).Order());
        await app.AssertSlotsAgreeAsync(code.Id);
        await (await app.ClientFor("ec026-e").ApplyAsync(code.Code, template.Id)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "code_exhausted");

        // Raising adds free rows; the reconciliation then finds nothing to correct.
        await (await Admin.PatchDiscountAsync(code.Id, "\"2\"", """{"maxUses":3}""")).ExpectAsync(HttpStatusCode.OK);
        await (await app.ClientFor("ec026-e").ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created);
        await app.AssertSlotsAgreeAsync(code.Id);
        var report = await app.Service<Discounts.Core.Reconciliation.ReconcileUsageCountsJob>().RunAsync(false, CancellationToken.None);
        Assert.False(report.DriftFound);
    }

    [Fact]
    public async Task UpdateDiscount_UnlimitedToLimitedAndBack_SlotRowsFollow()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(10, maxUses: null);
        await (await app.ClientFor("unl-a").ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created);
        await (await app.ClientFor("unl-b").ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created);

        await (await Admin.PatchDiscountAsync(code.Id, "\"1\"", """{"maxUses":1}""")).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "max_uses_below_taken");
        await (await Admin.PatchDiscountAsync(code.Id, "\"1\"", """{"maxUses":3}""")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(3, await app.ScalarAsync<long>("SELECT count(*) FROM discount_slot WHERE code_id = @id", new { id = code.Id }));
        await app.AssertSlotsAgreeAsync(code.Id);

        await (await Admin.PatchDiscountAsync(code.Id, "\"2\"", """{"maxUses":null}""")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, await app.ScalarAsync<long>("SELECT count(*) FROM discount_slot WHERE code_id = @id", new { id = code.Id }));
    }

    [Trait("EdgeCase", "EC-029")]
    [Fact]
    public async Task EC029_EditAfterApply_HoldKeepsFrozenPrice()
    {
        var template = await app.TemplateAsync(price: 4900);
        var other = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(25, maxUses: 5);
        var client = app.ClientFor("ec029-admin-edit");
        var reservation = await (await client.ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created);

        // The hold no longer qualifies under the new terms: it keeps the ones it froze.
        await (await Admin.PatchDiscountAsync(code.Id, "\"1\"", $$"""{"minOrderAmount":100000,"templateIds":["{{other.Id}}"],"maxUsesPerUser":3}""")).ExpectAsync(HttpStatusCode.OK);

        var checkout = await (await client.CheckoutAsync(template.Id, reservation.Id("reservationId"))).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(3675, (long)checkout["pricing"]!["finalAmount"]!);
        Assert.Equal("3675", app.Stripe.CreateRequests.Single(r => r.Form["client_reference_id"] == checkout["purchaseId"]!.ToString()).Form["line_items[0][price_data][unit_amount]"]);
    }

    [Trait("EdgeCase", "EC-026")]
    [Fact]
    public async Task EC026_LowerMaxUsesDuringApplyRace_NeverOversoldNoHeldSlotLost()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(10, maxUses: 40);

        var calls = await Race.RunAsync(31, async i => i == 30
            ? await Admin.PatchDiscountAsync(code.Id, "\"1\"", """{"maxUses":20}""")
            : await app.ClientFor($"ec026-race-{i}").ApplyAsync(code.Code, template.Id));

        var edit = calls[30];
        var created = calls.Take(30).Count(r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(calls.Take(30), r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.UnprocessableEntity }));
        var max = await app.ScalarAsync<int>("SELECT max_uses FROM discount_code WHERE id = @id", new { id = code.Id });
        if (edit.StatusCode == HttpStatusCode.OK)
        {
            Assert.Equal(20, max);
            Assert.Equal(20, await app.ScalarAsync<long>("SELECT count(*) FROM discount_slot WHERE code_id = @id AND slot_no BETWEEN 1 AND 20", new { id = code.Id }));
        }
        else
        {
            await edit.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "max_uses_below_taken");
            Assert.Equal(40, max);
        }

        Assert.Equal(max, await app.ScalarAsync<long>("SELECT count(*) FROM discount_slot WHERE code_id = @id", new { id = code.Id }));
        Assert.Equal(created, await app.SlotsTakenAsync(code.Id));
        await app.AssertSlotsAgreeAsync(code.Id);
    }

    [Fact]
    public async Task UpdateDiscount_NonAdmin_403()
    {
        var code = await app.PercentCodeAsync(10);
        await (await app.ClientFor("not-admin").PatchDiscountAsync(code.Id, "\"1\"", """{"description":"x"}""")).ExpectProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(1, await app.ScalarAsync<int>("SELECT version FROM discount_code WHERE id = @id", new { id = code.Id }));
    }
}
