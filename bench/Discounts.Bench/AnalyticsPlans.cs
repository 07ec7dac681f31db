using System.Diagnostics;
using System.Globalization;
using Dapper;
using Discounts.Core.Database;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Discounts.Core.Analytics;

namespace Discounts.Bench;

/// <summary>
/// `--analytics`: seeds 1,000,000 usages over 90 days and 200 codes, times the nightly rollup and the admin analytics
/// (system-wide and for one code) through Core, and prints PostgreSQL's plans for every statement (auto_explain with
/// ANALYZE, read back from the server log).
/// </summary>
public static class AnalyticsPlans
{
    public static async Task RunAsync(string connectionString, string serverLog)
    {
        await using (var conn = new NpgsqlConnection(connectionString))
        {
            await conn.OpenAsync();
            var watch = Stopwatch.StartNew();
            await conn.ExecuteAsync("""
                INSERT INTO template (id, slug, title, price, currency, active, created_at, updated_at)
                VALUES ('0193b000-0000-7000-8000-000000000001', 'analytics-bench', 'Analytics', 4900, 'usd', true, now(), now())
                ON CONFLICT DO NOTHING;
                INSERT INTO discount_code (id, code, kind, percent_bps, max_uses_per_user, status, version, created_by, created_at, updated_at)
                SELECT md5('code' || n)::uuid, 'ANALYTICS' || n, 'percent', 1000, 1, 'active', 1, 'bench', now(), now()
                FROM generate_series(1, 200) AS n ON CONFLICT DO NOTHING;
                """);
            // In time order, as real usages arrive (the block-range index on reserved_at relies on it); a third
            // confirmed and paid (a tenth of those refunded two days later), the rest released, one in seven flagged.
            await conn.ExecuteAsync("""
                INSERT INTO discount_usage (id, code_id, code, user_id, template_id, kind, percent_bps, original_amount, discount_amount,
                    final_amount, currency, status, reserved_at, expires_at, confirmed_at, released_at, release_reason, review_status, updated_at)
                SELECT md5('usage' || n)::uuid, md5('code' || (n % 200 + 1))::uuid, 'ANALYTICS' || (n % 200 + 1), 'user-' || n,
                    '0193b000-0000-7000-8000-000000000001', 'percent', 1000, 4900, 490, 4410, 'usd',
                    CASE WHEN n % 3 = 0 THEN 'confirmed' ELSE 'released' END,
                    t, t + interval '15 minutes', CASE WHEN n % 3 = 0 THEN t + interval '5 minutes' END,
                    CASE WHEN n % 3 <> 0 THEN t + interval '15 minutes' END, CASE WHEN n % 3 <> 0 THEN 'expired' END,
                    CASE WHEN n % 7 = 0 THEN 'pending' ELSE 'none' END, t
                FROM generate_series(1, 1000000) AS n, LATERAL (SELECT now() - interval '90 days' + n * interval '7776 milliseconds' AS t) AS x;
                INSERT INTO purchase (id, user_id, template_id, usage_id, original_amount, discount_amount, final_amount, currency, status,
                    session_expires_at, created_at, updated_at, paid_at)
                SELECT md5('purchase' || u.id)::uuid, u.user_id, u.template_id, u.id, 4900, 490, 4410, 'usd',
                    CASE WHEN u.user_id LIKE '%0' THEN 'refunded' ELSE 'paid' END, u.expires_at, u.reserved_at,
                    CASE WHEN u.user_id LIKE '%0' THEN u.confirmed_at + interval '2 days' ELSE u.confirmed_at END, u.confirmed_at
                FROM discount_usage u WHERE u.confirmed_at IS NOT NULL ORDER BY u.reserved_at;
                """, commandTimeout: 1200);
            foreach (var table in new[] { "discount_usage", "purchase" })
            {
                await using var vacuum = new NpgsqlCommand($"VACUUM ANALYZE {table}", conn);
                await vacuum.ExecuteNonQueryAsync();
            }

            Console.WriteLine($"Seeded 1,000,000 usages on 200 codes in {watch.Elapsed.TotalSeconds:0.0} s.");
        }

        var to = DateTime.UtcNow.Date.AddDays(1);
        var codeId = Guid.Parse(await new NpgsqlConnection(connectionString).ExecuteScalarAsync<string>("SELECT md5('code1')::uuid::text") ?? "");
        var system = new AnalyticsQuery(null, to.AddDays(-30), to);
        var oneCode = new AnalyticsQuery(codeId, to.AddDays(-90), to);
        await using var plain = DbSetup.CreateDataSource(connectionString);
        Console.WriteLine("| step | median | max |");
        Console.WriteLine("|---|---:|---:|");
        await TimeAsync("report, system, 30 days, live tables only (before any rollup)", () => new AnalyticsService(plain).ReportAsync(system, CancellationToken.None));
        await TimeAsync("nightly rollup, first run (backfills 87 days)", () => new AnalyticsRollupJob(plain, TimeProvider.System, NullLogger<AnalyticsRollupJob>.Instance).RunAsync(CancellationToken.None), runs: 1);
        await TimeAsync("nightly rollup, next night (seals one more day)", () => new AnalyticsRollupJob(plain, new Shifted(TimeSpan.FromDays(1)), NullLogger<AnalyticsRollupJob>.Instance).RunAsync(CancellationToken.None), runs: 1);

        await TimeAsync("report, system, 30 days", () => new AnalyticsService(plain).ReportAsync(system, CancellationToken.None));
        await TimeAsync("report, one code (5,000 usages), 90 days", () => new AnalyticsService(plain).ReportAsync(oneCode, CancellationToken.None));

        // Once more each through a data source whose new connections log every plan, with actual times, to the
        // server log (the timing of each plan node slows the statements down, so the table above is without it).
        var explaining = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Options = "-c session_preload_libraries=auto_explain -c auto_explain.log_min_duration=0 -c auto_explain.log_analyze=on -c auto_explain.log_buffers=on",
        }.ConnectionString;
        var logStart = new FileInfo(serverLog).Length;
        await using (var dataSource = DbSetup.CreateDataSource(explaining))
        {
            await new AnalyticsService(dataSource).ReportAsync(system, CancellationToken.None);
            await new AnalyticsService(dataSource).ReportAsync(oneCode, CancellationToken.None);
        }

        Console.WriteLine();
        Console.WriteLine("Plans (auto_explain, last run of each statement):");
        await using var log = new FileStream(serverLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        log.Seek(logStart, SeekOrigin.Begin);
        var text = await new StreamReader(log).ReadToEndAsync();
        var plans = text.Split("LOG:  duration:", StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .GroupBy(p => string.Join('\n', p.Split('\n').SkipWhile(l => !l.Contains("Query Text", StringComparison.Ordinal)).TakeWhile(l => !l.Contains("(cost=", StringComparison.Ordinal))))
            .Select(g => g.Last())
            .Where(p => p.Contains("analytics_", StringComparison.Ordinal)); // the reports' statements, not the driver's own
        foreach (var plan in plans)
        {
            Console.WriteLine("duration:" + string.Join('\n', plan.Split('\n').Where(l => !l.Contains(" UTC [", StringComparison.Ordinal) || l.Contains("duration", StringComparison.Ordinal)).Take(120)));
        }
    }

    private static async Task TimeAsync<T>(string name, Func<Task<T>> step, int runs = 5)
    {
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await step();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        string Ms(double ms) => ms.ToString("#,0.0", CultureInfo.InvariantCulture) + " ms";
        Console.WriteLine($"| {name} | {Ms(times[times.Count / 2])} | {Ms(times[^1])} |");
    }

    /// <summary>The clock a day (or any span) ahead: the next night's rollup without waiting for it.</summary>
    private sealed class Shifted(TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + by;
    }
}
