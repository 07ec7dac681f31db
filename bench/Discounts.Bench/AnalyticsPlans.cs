using System.Diagnostics;
using System.Globalization;
using Dapper;
using Discounts.Core.Admin;
using Discounts.Core.Database;
using Npgsql;

namespace Discounts.Bench;

/// <summary>
/// `--analytics`: seeds 1,000,000 usages over 90 days and 200 codes, then runs the admin analytics (system-wide and
/// for one code) through Core, timing them and printing PostgreSQL's plans for every statement (auto_explain with
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
            await conn.ExecuteAsync("""
                INSERT INTO discount_usage (id, code_id, code, user_id, template_id, kind, percent_bps, original_amount, discount_amount,
                    final_amount, currency, status, reserved_at, expires_at, confirmed_at, released_at, release_reason, updated_at)
                SELECT gen_random_uuid(), md5('code' || (n % 200 + 1))::uuid, 'ANALYTICS' || (n % 200 + 1), 'user-' || n,
                    '0193b000-0000-7000-8000-000000000001', 'percent', 1000, 4900, 490, 4410, 'usd',
                    CASE WHEN n % 3 = 0 THEN 'confirmed' ELSE 'released' END,
                    t, t + interval '15 minutes', CASE WHEN n % 3 = 0 THEN t + interval '5 minutes' END,
                    CASE WHEN n % 3 <> 0 THEN t + interval '15 minutes' END, CASE WHEN n % 3 <> 0 THEN 'expired' END, t
                FROM generate_series(1, 1000000) AS n, LATERAL (SELECT now() - (n % 90) * interval '1 day' - (n % 1440) * interval '1 minute' AS t) AS x
                """, commandTimeout: 600);
            await using (var analyze = new NpgsqlCommand("ANALYZE discount_usage", conn))
            {
                await analyze.ExecuteNonQueryAsync();
            }

            Console.WriteLine($"Seeded 1,000,000 usages on 200 codes in {watch.Elapsed.TotalSeconds:0.0} s.");
        }

        // New connections of this data source log every plan, with actual times, to the server log.
        var explaining = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Options = "-c session_preload_libraries=auto_explain -c auto_explain.log_min_duration=0 -c auto_explain.log_analyze=on -c auto_explain.log_buffers=on",
        }.ConnectionString;
        var logStart = new FileInfo(serverLog).Length;
        await using var dataSource = DbSetup.CreateDataSource(explaining);
        var analytics = new AnalyticsService(dataSource);
        var to = DateTime.UtcNow.Date.AddDays(1);
        var codeId = Guid.Parse(await new NpgsqlConnection(connectionString).ExecuteScalarAsync<string>("SELECT md5('code1')::uuid::text") ?? "");
        foreach (var (name, query) in new[] { ("system, 30 days", new AnalyticsQuery(null, to.AddDays(-30), to)), ("one code, 90 days", new AnalyticsQuery(codeId, to.AddDays(-90), to)) })
        {
            var times = new List<double>();
            for (var i = 0; i < 5; i++)
            {
                var watch = Stopwatch.StartNew();
                await analytics.ReportAsync(query, CancellationToken.None);
                times.Add(watch.Elapsed.TotalMilliseconds);
            }

            times.Sort();
            Console.WriteLine($"| analytics, {name}, 1,000,000 usages | median {times[2].ToString("0.0", CultureInfo.InvariantCulture)} ms | max {times[4].ToString("0.0", CultureInfo.InvariantCulture)} ms |");
        }

        Console.WriteLine();
        Console.WriteLine("Plans (auto_explain, last run of each statement):");
        await using var log = new FileStream(serverLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        log.Seek(logStart, SeekOrigin.Begin);
        var text = await new StreamReader(log).ReadToEndAsync();
        var plans = text.Split("LOG:  duration:", StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .GroupBy(p => p.Split('\n').FirstOrDefault(l => l.Contains("Query Text", StringComparison.Ordinal)) ?? p[..Math.Min(80, p.Length)])
            .Select(g => g.Last());
        foreach (var plan in plans)
        {
            Console.WriteLine("duration:" + string.Join('\n', plan.Split('\n').Where(l => !l.Contains(" UTC [", StringComparison.Ordinal) || l.Contains("duration", StringComparison.Ordinal)).Take(60)));
        }
    }
}
