using Dapper;
using Npgsql;
using Discounts.Core.Reservations;

namespace Discounts.Core.Analytics;

/// <summary>
/// The analytics queries. Each figure comes from "facts": rows per UTC day and code (and reason or currency),
/// read from the rollup tables for sealed days and computed from the live tables for the rest. The same fact
/// queries fill the rollup tables (<see cref="AnalyticsRollupJob"/>), so the two parts cannot disagree.
/// Read only; a read replica can serve the report (design.md "Scale").
/// </summary>
internal static class AnalyticsRepository
{
    /// <summary>Release reasons that mean the shopper walked away (not replaced by another code, not an admin).</summary>
    private const string Abandoned = "('expired', 'cancelled', 'session_expired')";

    /// <summary>Usage facts over the event-time range [@Start, @End): per reserved day and per confirmed day.</summary>
    public static string UsageFacts(bool perCode) => $"""
        SELECT (reserved_at AT TIME ZONE 'UTC')::date AS day, code_id, count(*) AS reservations,
               count(*) FILTER (WHERE confirmed_at IS NOT NULL) AS converted,
               count(*) FILTER (WHERE release_reason IN {Abandoned}) AS abandoned,
               count(*) FILTER (WHERE review_status <> 'none') AS flagged,
               0::bigint AS confirmations
        FROM discount_usage WHERE reserved_at >= @Start AND reserved_at < @End {CodeFilter(perCode, "code_id")}
        GROUP BY 1, 2
        UNION ALL
        SELECT (confirmed_at AT TIME ZONE 'UTC')::date, code_id, 0, 0, 0, 0, count(*)
        FROM discount_usage WHERE confirmed_at >= @Start AND confirmed_at < @End {CodeFilter(perCode, "code_id")}
        GROUP BY 1, 2
        """;

    public static string ReleaseFacts(bool perCode) => $"""
        SELECT (released_at AT TIME ZONE 'UTC')::date AS day, code_id, coalesce(release_reason, 'unknown') AS reason, count(*) AS releases
        FROM discount_usage WHERE released_at >= @Start AND released_at < @End {CodeFilter(perCode, "code_id")}
        GROUP BY 1, 2, 3
        """;

    /// <summary>
    /// Purchases per paid day (refunded ones included: they were paid) and refunds per refund day. The code comes
    /// from the purchase's usage: joined only when the facts are kept per code or filtered by one.
    /// </summary>
    public static string MoneyFacts(bool perCode, bool byCode)
    {
        var (code, join) = perCode || byCode ? ("u.code_id", "LEFT JOIN discount_usage u ON u.id = p.usage_id") : ("NULL::uuid", "");
        return $"""
            SELECT (p.paid_at AT TIME ZONE 'UTC')::date AS day, {code} AS code_id, p.currency, count(*) AS purchases,
                   sum(p.original_amount) AS original_amount, sum(p.discount_amount) AS discount_given, sum(p.final_amount) AS revenue,
                   0::bigint AS refunds, 0::bigint AS refunded_amount
            FROM purchase p {join}
            WHERE p.paid_at >= @Start AND p.paid_at < @End AND p.status IN ('paid', 'refunded') {CodeFilter(perCode, "u.code_id")}
            GROUP BY 1, 2, 3
            UNION ALL
            SELECT (p.updated_at AT TIME ZONE 'UTC')::date, {code}, p.currency, 0, 0, 0, 0, count(*), sum(p.final_amount)
            FROM purchase p {join}
            WHERE p.status = 'refunded' AND p.updated_at >= @Start AND p.updated_at < @End {CodeFilter(perCode, "u.code_id")}
            GROUP BY 1, 2, 3
            """;
    }

    public static async Task<IReadOnlyList<DayTotals>> DaysAsync(NpgsqlConnection conn, NpgsqlTransaction tx, AnalyticsParts p)
    {
        var sql = $"""
            {WithFacts("analytics_day", "day, code_id, reservations, converted, abandoned, flagged, confirmations", UsageFacts(p.PerCode), p.PerCode)}
            SELECT day, sum(reservations)::bigint AS reservations, sum(converted)::bigint AS converted, sum(abandoned)::bigint AS abandoned,
                   sum(flagged)::bigint AS flagged, sum(confirmations)::bigint AS confirmations
            FROM facts GROUP BY day ORDER BY day
            """;
        return (await conn.QueryAsync<DayTotals>(sql, p, tx)).AsList();
    }

    /// <summary>Releases per UTC day and reason (the day released): the report sums them by reason and by day.</summary>
    public static async Task<IReadOnlyList<(DateTime Day, string Reason, long Releases)>> ReleasesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, AnalyticsParts p)
    {
        var sql = $"""
            {WithFacts("analytics_day_release", "day, code_id, reason, releases", ReleaseFacts(p.PerCode), p.PerCode)}
            SELECT day, reason, sum(releases)::bigint AS n FROM facts GROUP BY day, reason ORDER BY reason, day
            """;
        return (await conn.QueryAsync<(DateTime Day, string Reason, long N)>(sql, p, tx)).AsList();
    }

    public static async Task<IReadOnlyList<CurrencyTotals>> MoneyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, AnalyticsParts p)
    {
        const string columns = "day, code_id, currency, purchases, original_amount, discount_given, revenue, refunds, refunded_amount";
        var sql = $"""
            {WithFacts("analytics_day_money", columns, MoneyFacts(p.PerCode, byCode: false), p.PerCode)}
            SELECT currency, sum(purchases)::bigint AS purchases, sum(original_amount)::bigint AS original_amount,
                   sum(discount_given)::bigint AS discount_given, sum(revenue)::bigint AS revenue,
                   sum(refunds)::bigint AS refunded_purchases, sum(refunded_amount)::bigint AS refunded_amount
            FROM facts GROUP BY currency ORDER BY currency
            """;
        return (await conn.QueryAsync<CurrencyTotals>(sql, p, tx)).AsList();
    }

    public static async Task<IReadOnlyList<CodeRanking>> TopCodesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, AnalyticsParts p, int limit)
    {
        const string columns = "code_id, reservations, confirmations";
        var sql = $"""
            {WithFacts("analytics_day", columns, $"SELECT {columns} FROM ({UsageFacts(perCode: false)}) AS live", perCode: false)},
            ranked AS (
                SELECT code_id, sum(reservations)::bigint AS reservations, sum(confirmations)::bigint AS confirmations
                FROM facts GROUP BY code_id
            )
            SELECT r.code_id, c.code, r.reservations, r.confirmations FROM ranked r JOIN discount_code c ON c.id = r.code_id
            ORDER BY r.confirmations DESC, r.reservations DESC, c.code
            LIMIT @limit
            """;
        return (await conn.QueryAsync<CodeRanking>(sql, new { p.FromDay, p.SealedEnd, p.Start, p.End, limit }, tx)).AsList();
    }

    /// <summary>The CTE <c>facts</c>: the rollup table's rows of the sealed days, then the live facts of the rest.</summary>
    private static string WithFacts(string rollupTable, string columns, string liveFacts, bool perCode) => $"""
        WITH facts AS (
            SELECT {columns} FROM {rollupTable}
            WHERE day >= @FromDay AND day < @SealedEnd {CodeFilter(perCode, "code_id")}
            UNION ALL
            {liveFacts}
        )
        """;

    private static string CodeFilter(bool perCode, string column) => perCode ? $"AND {column} = @CodeId" : "";
}
