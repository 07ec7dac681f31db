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
}
