using Dapper;
using Npgsql;

namespace Discounts.Core.Fraud;

internal static class RiskRepository
{
    /// <summary>
    /// The signals of an apply that need the database, in one statement (see 0003_risk.sql and 0007_unpaid_holds.sql
    /// for the indexes). The
    /// code is named by its normalized text (@normalizedCode), so the statement can travel in the same round trip
    /// as the code's own read (<see cref="Codes.DiscountCodeRepository.FindForApplyAsync"/>).
    /// </summary>
    public const string ApplySignalsSql = """
        SELECT
          (SELECT count(DISTINCT user_id) FROM discount_usage
            WHERE code_id = (SELECT id FROM discount_code WHERE code = @normalizedCode)
              AND client_ip = @Ip AND user_id <> @UserId AND status <> 'released')::int AS same_ip_other_accounts,
          (SELECT count(DISTINCT user_id) FROM discount_usage
            WHERE code_id = (SELECT id FROM discount_code WHERE code = @normalizedCode)
              AND device_fingerprint = @Device AND user_id <> @UserId AND status <> 'released')::int AS same_device_other_accounts,
          (SELECT count(*) FROM discount_usage WHERE user_id = @UserId AND reserved_at >= @Since)::int AS recent_applies,
          (SELECT coalesce(max(hits), 0) FROM rate_limit
            WHERE action = 'failed' AND subject = @FailedSubject AND window_start > @WindowFloor)::int AS failed_attempts,
          (SELECT count(*) FROM discount_usage
            WHERE user_id = @UserId AND reserved_at >= @UnpaidSince AND release_reason IN ('expired', 'session_expired'))::int AS unpaid_holds_account,
          (SELECT count(*) FROM discount_usage
            WHERE device_fingerprint = @Device AND reserved_at >= @UnpaidSince AND release_reason IN ('expired', 'session_expired'))::int AS unpaid_holds_device,
          (SELECT count(*) FROM discount_usage
            WHERE client_ip = @Ip AND reserved_at >= @UnpaidSince AND release_reason IN ('expired', 'session_expired'))::int AS unpaid_holds_address
        """;

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
}
