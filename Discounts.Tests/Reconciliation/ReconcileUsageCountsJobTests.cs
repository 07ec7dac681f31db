using System.Net;
using Discounts.Core.Reconciliation;
using Discounts.Tests.Infrastructure;

namespace Discounts.Tests.Reconciliation;

public sealed class ReconcileUsageCountsJobTests : AppPerTest
{
    private AppFactory app => App;

    [Trait("EdgeCase", "EC-022")]
    [Fact]
    public async Task EC022_SlotCountDrifts_FoundCorrectedAuditedAndAlerted()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(10, maxUses: 5);
        var holds = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            holds.Add((await (await app.ClientFor($"ec022-{i}").ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created)).Id("reservationId"));
        }

        // Drift of every kind: a held slot lost, a released usage still holding one, a slot row gone.
        await app.ExecuteAsync("UPDATE discount_slot SET usage_id = NULL WHERE usage_id = @id", new { id = holds[0] });
        await app.ExecuteAsync("UPDATE discount_usage SET status = 'released', release_reason = 'expired' WHERE id = @id", new { id = holds[1] });
        await app.ExecuteAsync("DELETE FROM discount_slot WHERE code_id = @id AND slot_no = (SELECT max(slot_no) FROM discount_slot WHERE code_id = @id AND usage_id IS NULL)", new { id = code.Id });
        var job = app.Service<ReconcileUsageCountsJob>();

        var dryRun = await job.RunAsync(fix: false, CancellationToken.None);
        Assert.Equal((1, 1, 1, 0), (dryRun.HoldsWithoutSlot, dryRun.OrphanSlots, dryRun.SlotRowsMissing, dryRun.Corrected));
        Assert.Equal(2, await app.SlotsTakenAsync(code.Id)); // a dry run changes nothing

        var report = await job.RunAsync(fix: true, CancellationToken.None);
        Assert.Equal(3, report.Corrected);
        await app.AssertSlotsAgreeAsync(code.Id);
        Assert.Equal(5L, await app.ScalarAsync<long>("SELECT count(*) FROM discount_slot WHERE code_id = @id", new { id = code.Id }));
        var actions = await app.QueryAsync<string>("SELECT action FROM discount_audit_log WHERE actor = 'system:reconcile' AND code_id = @id ORDER BY action", new { id = code.Id });
        Assert.Equal(["reconcile.slot_attached", "reconcile.slot_freed", "reconcile.slot_rows_fixed"], actions);

        var clean = await job.RunAsync(fix: true, CancellationToken.None);
        Assert.False(clean.DriftFound);
    }

    [Trait("EdgeCase", "EC-052")]
    [Fact]
    public async Task EC052_ReconciliationDuringLiveTraffic_NoFalseCorrections()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(10, maxUses: 400);
        var job = app.Service<ReconcileUsageCountsJob>();
        var reports = new List<ReconciliationReport>();
        var traffic = Race.RunAsync(300, async i =>
        {
            var client = app.ClientFor($"ec052-{i}");
            var response = await client.ApplyAsync(code.Code, template.Id);
            if (i % 3 == 0 && response.StatusCode == HttpStatusCode.Created)
            {
                var id = (await response.JsonAsync())["reservationId"];
                await client.DeleteAsync($"/api/discount/reservations/{id}");
            }

            return response.StatusCode;
        });
        while (!traffic.IsCompleted)
        {
            reports.Add(await job.RunAsync(fix: true, CancellationToken.None));
        }

        await traffic;
        Assert.NotEmpty(reports);
        Assert.All(reports, r => Assert.Equal(0, r.Corrected));
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM discount_audit_log WHERE actor = 'system:reconcile' AND code_id = @id", new { id = code.Id }));
        await app.AssertSlotsAgreeAsync(code.Id);
    }

    [Fact]
    public async Task Integrity_PaidPurchaseWithoutConfirmedUsage_Reported()
    {
        var journey = await Journey.StartAsync(app, "integrity-user");
        await app.ExecuteAsync("UPDATE purchase SET status = 'paid' WHERE id = @id", new { id = journey.PurchaseId });

        var report = await app.Service<ReconcileUsageCountsJob>().RunAsync(fix: true, CancellationToken.None);

        Assert.Contains(journey.PurchaseId, report.PaidPurchasesWithoutConfirmedUsage);
        Assert.True(report.NeedsAttention);
    }
}
