using Dapper;
using Npgsql;

namespace Discounts.Core.Admin;

/// <summary>The analytics queries (read only; a read replica can serve them, design.md "Scale").</summary>
public static class AnalyticsRepository
{
    public static Task<(long Reservations, long Confirmations, long Converted)> CountsAsync(NpgsqlConnection conn, AnalyticsQuery q)
    {
        const string sql = """
            SELECT count(*) FILTER (WHERE reserved_at >= @From) AS reservations,
                   count(*) FILTER (WHERE confirmed_at >= @From AND confirmed_at < @To) AS confirmations,
                   count(*) FILTER (WHERE reserved_at >= @From AND confirmed_at IS NOT NULL) AS converted
            FROM discount_usage
            WHERE (@CodeId::uuid IS NULL OR code_id = @CodeId) AND reserved_at < @To
            """;
        return conn.QuerySingleAsync<(long, long, long)>(sql, q);
    }

    public static async Task<Dictionary<string, long>> ReleasesByReasonAsync(NpgsqlConnection conn, AnalyticsQuery q)
    {
        const string sql = """
            SELECT coalesce(release_reason, 'unknown') AS reason, count(*) AS n FROM discount_usage
            WHERE (@CodeId::uuid IS NULL OR code_id = @CodeId) AND released_at >= @From AND released_at < @To
            GROUP BY 1 ORDER BY 1
            """;
        return (await conn.QueryAsync<(string Reason, long N)>(sql, q)).ToDictionary(r => r.Reason, r => r.N);
    }

    public static async Task<IReadOnlyList<CurrencyTotals>> MoneyAsync(NpgsqlConnection conn, AnalyticsQuery q)
    {
        const string sql = """
            SELECT p.currency,
                   count(*) FILTER (WHERE p.status = 'paid') AS purchases,
                   coalesce(sum(p.original_amount) FILTER (WHERE p.status = 'paid'), 0) AS original_amount,
                   coalesce(sum(p.discount_amount) FILTER (WHERE p.status = 'paid'), 0) AS discount_given,
                   coalesce(sum(p.final_amount) FILTER (WHERE p.status = 'paid'), 0) AS revenue,
                   count(*) FILTER (WHERE p.status = 'refunded') AS refunded_purchases,
                   coalesce(sum(p.final_amount) FILTER (WHERE p.status = 'refunded'), 0) AS refunded_amount
            FROM purchase p LEFT JOIN discount_usage u ON u.id = p.usage_id
            WHERE p.status IN ('paid', 'refunded') AND p.paid_at >= @From AND p.paid_at < @To
              AND (@CodeId::uuid IS NULL OR u.code_id = @CodeId)
            GROUP BY p.currency ORDER BY p.currency
            """;
        return (await conn.QueryAsync<CurrencyTotals>(sql, q)).AsList();
    }

    /// <summary>Reservations and confirmations per UTC day (days without any are absent).</summary>
    public static async Task<IReadOnlyList<(string Kind, DateTime Day, long N)>> DailyAsync(NpgsqlConnection conn, AnalyticsQuery q)
    {
        const string sql = """
            SELECT 'reserved' AS kind, date_trunc('day', reserved_at AT TIME ZONE 'UTC') AS day, count(*) AS n FROM discount_usage
            WHERE (@CodeId::uuid IS NULL OR code_id = @CodeId) AND reserved_at >= @From AND reserved_at < @To
            GROUP BY 2
            UNION ALL
            SELECT 'confirmed', date_trunc('day', confirmed_at AT TIME ZONE 'UTC'), count(*) FROM discount_usage
            WHERE (@CodeId::uuid IS NULL OR code_id = @CodeId) AND confirmed_at >= @From AND confirmed_at < @To
            GROUP BY 2
            """;
        return (await conn.QueryAsync<(string, DateTime, long)>(sql, q)).AsList();
    }

    public static async Task<IReadOnlyList<CodeRanking>> TopCodesAsync(NpgsqlConnection conn, AnalyticsQuery q, int limit)
    {
        const string sql = """
            SELECT c.id AS code_id, c.code,
                   count(*) FILTER (WHERE u.reserved_at >= @From AND u.reserved_at < @To) AS reservations,
                   count(*) FILTER (WHERE u.confirmed_at >= @From AND u.confirmed_at < @To) AS confirmations
            FROM discount_usage u JOIN discount_code c ON c.id = u.code_id
            WHERE (u.reserved_at >= @From AND u.reserved_at < @To) OR (u.confirmed_at >= @From AND u.confirmed_at < @To)
            GROUP BY c.id, c.code
            ORDER BY confirmations DESC, reservations DESC, c.code
            LIMIT @limit
            """;
        return (await conn.QueryAsync<CodeRanking>(sql, new { q.From, q.To, limit })).AsList();
    }
}
