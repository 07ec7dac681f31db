using System.Net;
using Discounts.Core.Reservations;
using Discounts.Tests.Infrastructure;

namespace Discounts.Tests.Reservations;

/// <summary>
/// Apply's common case decides on facts read without a lock, then takes the hold in one statement only if, under the
/// user's lock, those facts are still the facts (<see cref="UsageRepository.ReserveIfUnchangedAsync"/>). Each fact
/// that can change in between — the user's holds on the template, uses of the code, open holds, a paid purchase —
/// makes it write nothing, so the service decides again on the locked path. The race tests meet this by chance; these
/// change each fact on purpose.
/// </summary>
public sealed class ReserveIfUnchangedTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly CodeFacts Fresh = new() { FreeSlots = 11 };

    [Fact]
    public async Task ReserveIfUnchanged_FactsAsRead_TakesTheHoldItsSlotAndItsAuditRow()
    {
        var (code, template) = (await app.PercentCodeAsync(10, maxUses: 5), await app.TemplateAsync());
        var usage = Hold("fresh-user", code.Id, code.Code, template.Id);

        var (unchanged, reserved) = await ReserveAsync(usage, Fresh, code.MaxUses);

        Assert.True(unchanged);
        Assert.True(reserved);
        Assert.Equal("reserved", await app.UsageStatusAsync(usage.Id));
        Assert.Equal(1, await app.SlotsTakenAsync(code.Id));
        Assert.Equal(1L, await app.ScalarAsync<long>("SELECT count(*) FROM discount_audit_log WHERE usage_id = @id AND action = 'usage.reserved'", new { id = usage.Id }));
    }

    [Fact]
    public async Task ReserveIfUnchanged_AHoldOnTheTemplateTakenSinceTheRead_WritesNothing()
    {
        var (code, template) = (await app.PercentCodeAsync(10, maxUses: 5), await app.TemplateAsync());
        var other = await app.PercentCodeAsync(10, maxUses: 5);
        await (await app.ClientFor("held-since").ApplyAsync(other.Code, template.Id)).ExpectAsync(HttpStatusCode.Created);

        await AssertNothingWrittenAsync(Hold("held-since", code.Id, code.Code, template.Id), Fresh with { Uses = 0, ActiveHolds = 0 }, code.Id);
    }

    [Fact]
    public async Task ReserveIfUnchanged_AUseOfTheCodeSinceTheRead_WritesNothing()
    {
        var (code, template) = (await app.PercentCodeAsync(10, maxUses: 5), await app.TemplateAsync());
        await (await app.ClientFor("used-since").ApplyAsync(code.Code, (await app.TemplateAsync()).Id)).ExpectAsync(HttpStatusCode.Created);

        // The user's holds on this template are still none, but a use of the code (and an open hold) appeared.
        await AssertNothingWrittenAsync(Hold("used-since", code.Id, code.Code, template.Id), Fresh, code.Id, slotsBefore: 1);
    }

    [Fact]
    public async Task ReserveIfUnchanged_AnotherOpenHoldSinceTheRead_WritesNothing()
    {
        var (code, template) = (await app.PercentCodeAsync(10, maxUses: 5), await app.TemplateAsync());
        var other = await app.PercentCodeAsync(10, maxUses: 5);
        await (await app.ClientFor("busy-since").ApplyAsync(other.Code, (await app.TemplateAsync()).Id)).ExpectAsync(HttpStatusCode.Created);

        await AssertNothingWrittenAsync(Hold("busy-since", code.Id, code.Code, template.Id), Fresh, code.Id);
    }

    [Fact]
    public async Task ReserveIfUnchanged_APaidPurchaseSinceTheRead_WritesNothing()
    {
        var (code, template) = (await app.PercentCodeAsync(10, maxUses: 5), await app.TemplateAsync());
        var buyer = app.ClientFor("paid-since");
        var bought = await (await buyer.CheckoutAsync((await app.TemplateAsync()).Id, null)).ExpectAsync(HttpStatusCode.Created);
        var paid = app.SignedEvent("checkout.session.completed", app.Stripe.Complete((string)bought["sessionId"]!));
        await (await app.CreateClient().WebhookAsync(paid.Payload, paid.Signature)).ExpectAsync(HttpStatusCode.OK);

        await AssertNothingWrittenAsync(Hold("paid-since", code.Id, code.Code, template.Id), Fresh, code.Id);
    }

    [Fact]
    public async Task ReserveIfUnchanged_NoSlotFreeWithoutWaiting_WritesNothing()
    {
        var (code, template) = (await app.PercentCodeAsync(10, maxUses: 1), await app.TemplateAsync());
        await (await app.ClientFor("took-the-last").ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created);
        var usage = Hold("too-late", code.Id, code.Code, template.Id);

        var (unchanged, reserved) = await ReserveAsync(usage, Fresh, code.MaxUses);

        Assert.True(unchanged);
        Assert.False(reserved);
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM discount_usage WHERE id = @id", new { id = usage.Id }));
    }

    private async Task AssertNothingWrittenAsync(Usage usage, CodeFacts stale, Guid codeId, int slotsBefore = 0)
    {
        var (unchanged, reserved) = await ReserveAsync(usage, stale, maxUses: 5);

        Assert.False(unchanged);
        Assert.False(reserved);
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM discount_usage WHERE id = @id", new { id = usage.Id }));
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM discount_audit_log WHERE usage_id = @id", new { id = usage.Id }));
        Assert.Equal(slotsBefore, await app.SlotsTakenAsync(codeId));
    }

    private async Task<(bool Unchanged, bool Reserved)> ReserveAsync(Usage usage, CodeFacts facts, int? maxUses)
    {
        await using var conn = await app.OpenAsync();
        return await UsageRepository.ReserveIfUnchangedAsync(conn, usage, facts, refundReleasesSlot: false, maxUses, "user:" + usage.UserId, "{}");
    }

    private Usage Hold(string user, Guid codeId, string code, Guid templateId) => new()
    {
        Id = Guid.CreateVersion7(), CodeId = codeId, Code = code, UserId = user, TemplateId = templateId, Kind = "percent", PercentBps = 1000,
        OriginalAmount = 4900, DiscountAmount = 490, FinalAmount = 4410, Currency = "usd", Status = "reserved",
        ReservedAt = app.Clock.GetUtcNow().UtcDateTime, ExpiresAt = app.Clock.GetUtcNow().UtcDateTime.AddMinutes(15), UpdatedAt = app.Clock.GetUtcNow().UtcDateTime,
    };
}
