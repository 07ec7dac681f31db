using Dapper;
using Discounts.Core.Database;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Discounts.Core.Analytics;

/// <summary>
/// Nightly, after the reconciliation: writes the analytics facts of every sealed day into the rollup tables, so
/// reports read the live tables only for the last few days. A day is sealed once <see cref="LateWindow"/> has
/// passed since it ended: holds end within the hour and Stripe retries a webhook for up to three days, so by then
/// the day's reservations are settled. A sealed day that changes anyway (a refund, an admin release, a repair)
/// wrote an audit row, like every change; the next run finds it through the audit log and rolls it up again.
/// </summary>
public sealed partial class AnalyticsRollupJob(NpgsqlDataSource dataSource, TimeProvider clock, ILogger<AnalyticsRollupJob> logger)
{
    public const string Name = "AnalyticsRollup";
    public static readonly TimeSpan LateWindow = TimeSpan.FromDays(3);

    // An audit row's time is taken before its transaction commits: look back this far past the last run.
    private static readonly TimeSpan CommitLag = TimeSpan.FromHours(1);
    private static readonly DateOnly Earliest = new(1970, 1, 1);

    public static async Task<DateOnly?> SealedBeforeAsync(NpgsqlConnection conn, NpgsqlTransaction tx) =>
        await conn.QuerySingleOrDefaultAsync<DateTime?>("SELECT sealed_before FROM analytics_rollup", transaction: tx) is { } day
            ? DateOnly.FromDateTime(day)
            : null;

    public async Task<AnalyticsRollupReport> RunAsync(CancellationToken ct)
    {
        await using var jobLock = await JobLock.TryAcquireAsync(dataSource, Name, ct);
        if (jobLock is null)
        {
            return new AnalyticsRollupReport { Skipped = true };
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var sealNow = DateOnly.FromDateTime(now - LateWindow);
        var report = await Transactions.RunAsync(dataSource, async (conn, tx) =>
        {
            var state = await conn.QuerySingleOrDefaultAsync<(DateTime SealedBefore, DateTime RanAt)?>(
                "SELECT sealed_before, ran_at FROM analytics_rollup FOR UPDATE", transaction: tx);
            var sealedBefore = state is null ? Earliest : DateOnly.FromDateTime(state.Value.SealedBefore);
            var changed = state is null ? [] : await ChangedDaysAsync(conn, tx, state.Value.RanAt - CommitLag, sealedBefore);
            var rows = 0;
            foreach (var day in changed)
            {
                rows += await RollUpAsync(conn, tx, day, day.AddDays(1));
            }

            if (sealNow > sealedBefore)
            {
                rows += await RollUpAsync(conn, tx, sealedBefore, sealNow);
                sealedBefore = sealNow;
            }

            await conn.ExecuteAsync("""
                INSERT INTO analytics_rollup (id, sealed_before, ran_at) VALUES (true, @sealedBefore, @now)
                ON CONFLICT (id) DO UPDATE SET sealed_before = excluded.sealed_before, ran_at = excluded.ran_at
                """, new { sealedBefore, now }, tx);
            return new AnalyticsRollupReport { SealedBefore = sealedBefore, ChangedDaysRolledUpAgain = changed.Count, RowsChanged = rows };
        }, ct);
        LogRan(logger, report.SealedBefore, report.ChangedDaysRolledUpAgain, report.RowsChanged);
        return report;
    }

    /// <summary>Sealed days (before <paramref name="sealedBefore"/>) whose facts an audited change since <paramref name="since"/> touched.</summary>
    private static async Task<List<DateOnly>> ChangedDaysAsync(NpgsqlConnection conn, NpgsqlTransaction tx, DateTime since, DateOnly sealedBefore)
    {
        const string sql = """
            SELECT DISTINCT (t.at AT TIME ZONE 'UTC')::date
            FROM discount_audit_log a
            LEFT JOIN discount_usage u ON u.id = a.usage_id
            LEFT JOIN purchase p ON p.id = coalesce(a.purchase_id, u.purchase_id)
            CROSS JOIN LATERAL (VALUES (u.reserved_at), (u.confirmed_at), (u.released_at), (p.paid_at),
                                       (CASE WHEN p.status = 'refunded' THEN p.updated_at END)) AS t (at)
            WHERE a.at >= @since AND t.at < @sealedEnd
            ORDER BY 1
            """;
        var days = await conn.QueryAsync<DateTime>(sql, new { since, sealedEnd = Midnight(sealedBefore) }, tx);
        return days.Select(DateOnly.FromDateTime).ToList();
    }

    /// <summary>Replaces the rollup of days [from, to) with the facts of the live tables.</summary>
    private static Task<int> RollUpAsync(NpgsqlConnection conn, NpgsqlTransaction tx, DateOnly from, DateOnly to)
    {
        var sql = $"""
            DELETE FROM analytics_day WHERE day >= @FromDay AND day < @ToDay;
            DELETE FROM analytics_day_release WHERE day >= @FromDay AND day < @ToDay;
            DELETE FROM analytics_day_money WHERE day >= @FromDay AND day < @ToDay;
            INSERT INTO analytics_day (day, code_id, reservations, converted, abandoned, flagged, confirmations)
            SELECT day, code_id, sum(reservations), sum(converted), sum(abandoned), sum(flagged), sum(confirmations)
            FROM ({AnalyticsRepository.UsageFacts(perCode: false)}) AS f GROUP BY day, code_id;
            INSERT INTO analytics_day_release (day, code_id, reason, releases)
            SELECT day, code_id, reason, releases FROM ({AnalyticsRepository.ReleaseFacts(perCode: false)}) AS f;
            INSERT INTO analytics_day_money (day, code_id, currency, purchases, original_amount, discount_given, revenue, refunds, refunded_amount)
            SELECT day, code_id, currency, sum(purchases), sum(original_amount), sum(discount_given), sum(revenue), sum(refunds), sum(refunded_amount)
            FROM ({AnalyticsRepository.MoneyFacts(perCode: false, byCode: true)}) AS f GROUP BY day, code_id, currency;
            """;
        return conn.ExecuteAsync(sql, new { FromDay = from, ToDay = to, Start = Midnight(from), End = Midnight(to) }, tx, commandTimeout: 600);
    }

    internal static DateTime Midnight(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    [LoggerMessage(Level = LogLevel.Information, Message = "Analytics rollup: sealed before {SealedBefore}, {Changed} changed days rolled up again, {Rows} rollup rows changed")]
    private static partial void LogRan(ILogger logger, DateOnly sealedBefore, int changed, int rows);
}
