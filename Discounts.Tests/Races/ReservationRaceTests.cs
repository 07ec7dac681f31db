using System.Net;
using Discounts.Tests.Infrastructure;

namespace Discounts.Tests.Races;

/// <summary>Concurrency is the product: many shoppers, few slots, over HTTP on real PostgreSQL.</summary>
public sealed class ReservationRaceTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Trait("EdgeCase", "EC-001")]
    [Fact]
    public async Task EC001_FiftyUsersOnTwentySlots_ExactlyTwentyHolds()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(20, maxUses: 20);

        var responses = await Race.RunAsync(50, i => app.ClientFor($"ec001-{i}").ApplyAsync(code.Code, template.Id));

        Assert.Equal(20, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        var refused = responses.Where(r => r.StatusCode != HttpStatusCode.Created).ToList();
        Assert.Equal(30, refused.Count);
        foreach (var response in refused)
        {
            await response.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "code_exhausted");
        }

        Assert.Equal(20, await app.SlotsTakenAsync(code.Id));
        Assert.Equal(20L, await app.ScalarAsync<long>("SELECT count(*) FROM discount_usage WHERE code_id = @id AND status = 'reserved'", new { id = code.Id }));
        await app.AssertSlotsAgreeAsync(code.Id);
    }

    [Trait("EdgeCase", "EC-001")]
    [Fact]
    public async Task EC001_FiveHundredUsersOnOneHundredSlots_ExactlyOneHundredHolds()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(15, maxUses: 100);

        var responses = await Race.RunAsync(500, i => app.ClientFor($"ec001b-{i}").ApplyAsync(code.Code, template.Id));

        Assert.Equal(100, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(400, responses.Count(r => r.StatusCode == HttpStatusCode.UnprocessableEntity));
        Assert.Equal(100, await app.SlotsTakenAsync(code.Id));
        Assert.Equal(100L, await app.ScalarAsync<long>("SELECT count(DISTINCT user_id) FROM discount_usage WHERE code_id = @id", new { id = code.Id }));
        await app.AssertSlotsAgreeAsync(code.Id);
    }

    [Trait("EdgeCase", "EC-002")]
    [Fact]
    public async Task EC002_DoubleClickApply_OneReservationReturnedToEveryCall()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(10, maxUses: 5);
        var client = app.ClientFor("ec002-user");

        var responses = await Race.RunAsync(10, _ => client.ApplyAsync(code.Code, template.Id));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK));
        var ids = new HashSet<string>();
        foreach (var response in responses)
        {
            ids.Add((string)(await response.JsonAsync())["reservationId"]!);
        }

        Assert.Single(ids);
        Assert.Equal(1, await app.SlotsTakenAsync(code.Id));
    }

    [Trait("EdgeCase", "EC-003")]
    [Fact]
    public async Task EC003_TwoCodesOnOneTemplateConcurrently_AtMostOneActiveHold()
    {
        var template = await app.TemplateAsync();
        var first = await app.PercentCodeAsync(10, maxUses: 5);
        var second = await app.PercentCodeAsync(20, maxUses: 5);
        var client = app.ClientFor("ec003-user");

        for (var round = 0; round < 5; round++)
        {
            var responses = await Race.RunAsync(2, i => client.ApplyAsync(i == 0 ? first.Code : second.Code, template.Id));
            Assert.All(responses, r => Assert.True(r.IsSuccessStatusCode, r.StatusCode.ToString()));

            var active = await app.ScalarAsync<long>(
                "SELECT count(*) FROM discount_usage WHERE user_id = 'ec003-user' AND template_id = @t AND status IN ('reserved', 'payment_pending')", new { t = template.Id });
            Assert.Equal(1, active);
            Assert.Equal(1, await app.SlotsTakenAsync(first.Id) + await app.SlotsTakenAsync(second.Id));
        }

        await app.AssertSlotsAgreeAsync(first.Id);
        await app.AssertSlotsAgreeAsync(second.Id);
    }

    [Trait("EdgeCase", "EC-016")]
    [Fact]
    public async Task EC016_RemoveReapplyRefresh_NeverTwoHolds()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(10, maxUses: 3);
        var client = app.ClientFor("ec016-user");

        var first = await (await client.ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created);
        var refreshed = await (await client.ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(first["reservationId"]!.ToString(), refreshed["reservationId"]!.ToString());

        (await client.DeleteAsync($"/api/discount/reservations/{first["reservationId"]}")).EnsureSuccessStatusCode();
        (await client.DeleteAsync($"/api/discount/reservations/{first["reservationId"]}")).EnsureSuccessStatusCode(); // idempotent
        Assert.Equal(0, await app.SlotsTakenAsync(code.Id));

        var again = await (await client.ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created);
        Assert.NotEqual(first["reservationId"]!.ToString(), again["reservationId"]!.ToString());
        Assert.Equal(1, await app.SlotsTakenAsync(code.Id));
        Assert.Equal(1L, await app.ScalarAsync<long>("SELECT count(*) FROM discount_usage WHERE code_id = @id AND status = 'reserved'", new { id = code.Id }));
    }

    [Fact]
    public async Task Apply_LastSlotsHeldByRollingBackTransactions_IsNotFalselyExhausted()
    {
        // SKIP LOCKED alone would answer "exhausted" while the only free slot is locked by a transaction that
        // then rolls back; the blocking re-check must wait for it and take the slot.
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(10, maxUses: 1);
        await using var conn = await app.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await using (var lockSlot = new Npgsql.NpgsqlCommand("SELECT 1 FROM discount_slot WHERE code_id = @id FOR UPDATE", conn, tx))
        {
            lockSlot.Parameters.AddWithValue("id", code.Id);
            await lockSlot.ExecuteNonQueryAsync();
        }

        var apply = app.ClientFor("skip-locked-user").ApplyAsync(code.Code, template.Id);
        await WaitForLockWaiterAsync(); // the apply now waits on the locked slot instead of answering "exhausted"
        Assert.False(apply.IsCompleted);
        await tx.RollbackAsync();

        await (await apply).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(1, await app.SlotsTakenAsync(code.Id));
    }

    private async Task WaitForLockWaiterAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(15); // generous: CI shares two cores with everything else
        while (DateTime.UtcNow < deadline)
        {
            if (await app.ScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") > 0)
            {
                return;
            }

            await Task.Delay(10);
        }

        Assert.Fail("no transaction waited for the locked slot");
    }
}
