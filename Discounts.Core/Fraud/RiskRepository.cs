using Dapper;
using Npgsql;

namespace Discounts.Core.Fraud;

public static class RiskRepository
{
    /// <summary>The signals that need the database, in one query (see 0003_risk.sql for the indexes).</summary>
    public static Task<RiskSignals> GatherAsync(NpgsqlConnection conn, Guid codeId, string userId, string? ip, string? device, string[] subjects, DateTime since, DateTime windowFloor)
    {
        const string sql = """
            SELECT
              (SELECT count(DISTINCT user_id) FROM discount_usage
                WHERE code_id = @codeId AND client_ip = @ip AND user_id <> @userId AND status <> 'released')::int AS same_ip_other_accounts,
              (SELECT count(DISTINCT user_id) FROM discount_usage
                WHERE code_id = @codeId AND device_fingerprint = @device AND user_id <> @userId AND status <> 'released')::int AS same_device_other_accounts,
              (SELECT count(*) FROM discount_usage WHERE user_id = @userId AND reserved_at >= @since)::int AS recent_applies,
              (SELECT coalesce(max(hits), 0) FROM rate_limit
                WHERE action = 'failed' AND subject = ANY(@subjects) AND window_start > @windowFloor)::int AS failed_attempts
            """;
        return conn.QuerySingleAsync<RiskSignals>(sql, new { codeId, userId, ip, device, subjects, since, windowFloor });
    }

    /// <summary>Stores the card that paid for the usage; returns how many other accounts paid for the code with it.</summary>
    public static Task<int> RecordCardAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid usageId, Guid codeId, string userId, string fingerprint)
    {
        const string sql = """
            WITH recorded AS (UPDATE discount_usage SET card_fingerprint = @fingerprint WHERE id = @usageId)
            SELECT count(DISTINCT user_id)::int FROM discount_usage
            WHERE code_id = @codeId AND card_fingerprint = @fingerprint AND user_id <> @userId
              AND status IN ('confirmed', 'refunded', 'over_limit')
            """;
        return conn.ExecuteScalarAsync<int>(sql, new { usageId, codeId, userId, fingerprint }, tx);
    }

    public static Task SetRiskAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid usageId, int score, string signals, string reviewStatus, DateTime now)
    {
        const string sql = """
            UPDATE discount_usage SET risk_score = @score, risk_signals = CAST(@signals AS jsonb), review_status = @reviewStatus, updated_at = @now
            WHERE id = @usageId
            """;
        return conn.ExecuteAsync(sql, new { usageId, score, signals, reviewStatus, now }, tx);
    }
}
