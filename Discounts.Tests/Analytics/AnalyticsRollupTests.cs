using System.Text.Json;
using Discounts.Tests.Infrastructure;
using Discounts.Core.Analytics;

namespace Discounts.Tests.Analytics;

/// <summary>
/// The nightly rollup must not change a single figure: every report over rolled-up days equals the same report
/// computed from the live tables alone, before and after sealed days change.
/// </summary>
public sealed class AnalyticsRollupTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Rollup_ReportsEqualTheLiveTables_BeforeAndAfterSealedDaysChange()
    {
        await app.ExecuteAsync("DELETE FROM analytics_rollup"); // the other test of the class may have run first
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var template = await app.TemplateAsync();
        var first = await app.PercentCodeAsync(10, maxUses: null);
        var second = await app.PercentCodeAsync(10, maxUses: null);
        await SeedAsync(now, template.Id, first.Id, second.Id);
        var queries = new[]
        {
            new AnalyticsQuery(null, now.AddDays(-30), now),
            new AnalyticsQuery(first.Id, now.AddDays(-30), now),
            new AnalyticsQuery(second.Id, now.AddDays(-12.5), now.AddDays(-2.2)), // rounded out to whole days
        };
        var live = await ReportsAsync(queries);
        Assert.Equal(400, Reservations(live[0]));

        var run = await app.Service<AnalyticsRollupJob>().RunAsync(CancellationToken.None);

        Assert.Equal(DateOnly.FromDateTime(now - AnalyticsRollupJob.LateWindow), run.SealedBefore);
        Assert.True(await app.ScalarAsync<long>("SELECT count(*) FROM analytics_day") > 0);
        Assert.Equal(live, await ReportsAsync(queries));

        // Sealed days are read from the rollup (a tampered row shows), not from the live tables.
        var sealedDay = run.SealedBefore.AddDays(-5);
        await app.ExecuteAsync("UPDATE analytics_day SET reservations = reservations + 1000 WHERE day = @sealedDay AND code_id = @id", new { sealedDay, id = first.Id });
        Assert.Equal(1400, Reservations((await ReportsAsync(queries))[0]));
        await app.ExecuteAsync("UPDATE analytics_day SET reservations = reservations - 1000 WHERE day = @sealedDay AND code_id = @id", new { sealedDay, id = first.Id });

        // A sealed day changes (an old hold released as expired, an old purchase refunded), audited as always;
        // a day later the next run rolls those days up again and seals one more.
        var oldHold = await app.ScalarAsync<Guid>("SELECT id FROM discount_usage WHERE status = 'reserved' AND reserved_at < @before ORDER BY reserved_at LIMIT 1", new { before = now.AddDays(-10) });
        var oldPurchase = await app.ScalarAsync<Guid>("SELECT id FROM purchase WHERE status = 'paid' AND paid_at < @before ORDER BY paid_at LIMIT 1", new { before = now.AddDays(-10) });
        app.Clock.Advance(TimeSpan.FromDays(1));
        var later = app.Clock.GetUtcNow().UtcDateTime;
        await app.ExecuteAsync("""
            UPDATE discount_usage SET status = 'released', released_at = @later, release_reason = 'expired', updated_at = @later WHERE id = @oldHold;
            UPDATE purchase SET status = 'refunded', updated_at = @later WHERE id = @oldPurchase;
            INSERT INTO discount_audit_log (at, actor, action, usage_id) VALUES (@later, 'test', 'usage.released', @oldHold);
            INSERT INTO discount_audit_log (at, actor, action, purchase_id) VALUES (@later, 'test', 'purchase.refunded', @oldPurchase);
            """, new { later, oldHold, oldPurchase });

        var again = await app.Service<AnalyticsRollupJob>().RunAsync(CancellationToken.None);

        Assert.Equal(run.SealedBefore.AddDays(1), again.SealedBefore);
        Assert.True(again.ChangedDaysRolledUpAgain >= 1);
        var rolledUp = await ReportsAsync(queries);
        Assert.NotEqual(live[0], rolledUp[0]);
        await app.ExecuteAsync("DELETE FROM analytics_rollup"); // no sealed days: every figure from the live tables
        Assert.Equal(await ReportsAsync(queries), rolledUp);
    }

    [Fact]
    public async Task Rollup_SecondInstanceAtOnce_SkipsInsteadOfWritingTwice()
    {
        var job = app.Service<AnalyticsRollupJob>();
        var runs = await Race.RunAsync(4, _ => job.RunAsync(CancellationToken.None));
        Assert.Contains(runs, r => !r.Skipped);
        Assert.Equal(1L, await app.ScalarAsync<long>("SELECT count(*) FROM analytics_rollup"));
    }

    private static long Reservations(string report) => JsonDocument.Parse(report).RootElement.GetProperty(nameof(AnalyticsReport.Reservations)).GetInt64();

    private async Task<string[]> ReportsAsync(AnalyticsQuery[] queries)
    {
        var analytics = app.Service<AnalyticsService>();
        var reports = new string[queries.Length];
        for (var i = 0; i < queries.Length; i++)
        {
            reports[i] = JsonSerializer.Serialize(await analytics.ReportAsync(queries[i], CancellationToken.None));
        }

        return reports;
    }

    /// <summary>
    /// 400 usages over about 20 days (crossing midnights), on two codes: confirmed (some paid late, some refunded
    /// two days on), released for several reasons, still reserved, some flagged; and a purchase without a code.
    /// </summary>
    private Task<int> SeedAsync(DateTime now, Guid templateId, Guid first, Guid second) => app.ExecuteAsync("""
        INSERT INTO discount_usage (id, code_id, code, user_id, template_id, kind, percent_bps, original_amount, discount_amount,
            final_amount, currency, status, reserved_at, expires_at, confirmed_at, released_at, release_reason, review_status, updated_at)
        SELECT md5('usage' || n)::uuid, CASE WHEN n % 3 = 0 THEN @second ELSE @first END, 'SEEDED', 'rollup-user-' || n, @templateId,
               'percent', 1000, 4900, 490, 4410, CASE WHEN n % 4 = 0 THEN 'eur' ELSE 'usd' END,
               CASE n % 5 WHEN 0 THEN 'confirmed' WHEN 4 THEN 'confirmed' WHEN 3 THEN 'reserved' ELSE 'released' END,
               t, t + interval '15 minutes',
               CASE WHEN n % 5 IN (0, 4) THEN t + (n % 11) * interval '7 hours' END,
               CASE WHEN n % 5 IN (1, 2) THEN t + interval '15 minutes' END,
               CASE n % 5 WHEN 1 THEN 'expired' WHEN 2 THEN (ARRAY['replaced', 'cancelled', 'session_expired', 'payment_failed', 'admin'])[n % 5 + 1] END,
               CASE WHEN n % 7 = 0 THEN 'pending' WHEN n % 13 = 0 THEN 'rejected' ELSE 'none' END, t
        FROM generate_series(1, 400) AS n, LATERAL (SELECT @now - n * interval '71 minutes' AS t) AS x;

        INSERT INTO purchase (id, user_id, template_id, usage_id, original_amount, discount_amount, final_amount, currency, status,
            session_expires_at, created_at, updated_at, paid_at)
        SELECT md5('purchase' || u.id)::uuid, u.user_id, u.template_id, u.id, u.original_amount, u.discount_amount, u.final_amount, u.currency,
               CASE WHEN u.user_id LIKE '%0' THEN 'refunded' ELSE 'paid' END, u.confirmed_at, u.reserved_at,
               CASE WHEN u.user_id LIKE '%0' THEN u.confirmed_at + interval '2 days' ELSE u.confirmed_at END, u.confirmed_at
        FROM discount_usage u WHERE u.confirmed_at IS NOT NULL AND u.code = 'SEEDED';
        UPDATE discount_usage u SET purchase_id = p.id FROM purchase p WHERE p.usage_id = u.id AND u.code = 'SEEDED';

        INSERT INTO purchase (id, user_id, template_id, original_amount, discount_amount, final_amount, currency, status,
            session_expires_at, created_at, updated_at, paid_at)
        VALUES (gen_random_uuid(), 'rollup-full-price', @templateId, 4900, 0, 4900, 'usd', 'paid', @now, @paid, @paid, @paid);
        """, new { now, templateId, first, second, paid = now.AddDays(-8) });
}
