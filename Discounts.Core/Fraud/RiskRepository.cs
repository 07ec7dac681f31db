using Dapper;
using Npgsql;

namespace Discounts.Core.Fraud;

internal static class RiskRepository
{
    /// <summary>
    /// The signals of an apply that need the database (migration 0011, <c>apply_risk_signals</c>). It names the code
    /// by its normalized text (@Code), so it travels in the same round trip as the code's own read
    /// (<see cref="Reservations.ReservationReads"/>).
    /// </summary>
    public const string ApplySignalsSql = "SELECT * FROM apply_risk_signals(@Code, @UserId, @Ip, @Device, @FailedSubject, @Since, @WindowFloor, @UnpaidSince)";

    /// <summary>
    /// Stores the card that paid for the usage; returns how many other accounts paid for the code with it, and the
    /// code's per-user limit (the check applies to one-per-user codes), in one statement.
    /// </summary>
    public static Task<(int OtherAccounts, int MaxUsesPerUser)> RecordCardAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid usageId, Guid codeId, string userId, string fingerprint)
    {
        const string sql = """
            WITH recorded AS (UPDATE discount_usage SET card_fingerprint = @fingerprint WHERE id = @usageId)
            SELECT (SELECT count(DISTINCT user_id)::int FROM discount_usage
                    WHERE code_id = @codeId AND card_fingerprint = @fingerprint AND user_id <> @userId
                      AND status IN ('confirmed', 'refunded', 'over_limit')),
                   (SELECT max_uses_per_user FROM discount_code WHERE id = @codeId)
            """;
        return conn.QuerySingleAsync<(int, int)>(sql, new { usageId, codeId, userId, fingerprint }, tx);
    }
}
