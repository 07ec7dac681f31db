using Dapper;
using Npgsql;

namespace Discounts.Core.Reservations;

/// <summary>SQL for <c>discount_usage</c>.</summary>
public static class UsageRepository
{
    private const int UserLockNamespace = 0x5553_4552; // "USER"

    /// <summary>
    /// Serializes one user's reservation changes (invariant 2, EC-002, EC-003) without making other users wait:
    /// a transaction-scoped advisory lock on the user, not a lock on the popular code's row.
    /// </summary>
    public static Task LockUserAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string userId)
    {
        const string sql = "SELECT pg_advisory_xact_lock(@ns, hashtext(@userId))";
        return conn.ExecuteAsync(sql, new { ns = UserLockNamespace, userId }, tx);
    }

    public static Task<Usage?> FindAsync(NpgsqlConnection conn, Guid id, NpgsqlTransaction? tx = null)
    {
        const string sql = "SELECT * FROM discount_usage WHERE id = @id";
        return conn.QuerySingleOrDefaultAsync<Usage>(sql, new { id }, tx);
    }

    public static Task<Usage?> LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id)
    {
        const string sql = "SELECT * FROM discount_usage WHERE id = @id FOR UPDATE";
        return conn.QuerySingleOrDefaultAsync<Usage>(sql, new { id }, tx);
    }

    public static async Task<IReadOnlyList<Usage>> LockActiveForTemplateAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string userId, Guid templateId)
    {
        const string sql = """
            SELECT * FROM discount_usage
            WHERE user_id = @userId AND template_id = @templateId AND status IN ('reserved', 'payment_pending')
            FOR UPDATE
            """;
        return (await conn.QueryAsync<Usage>(sql, new { userId, templateId }, tx)).AsList();
    }

    /// <summary>The user's uses of a code that count against <c>max_uses_per_user</c> (EC-046, EC-048).</summary>
    public static Task<int> CountUserUsesAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid codeId, string userId, bool refundReleasesSlot)
    {
        const string sql = """
            SELECT count(*)::int FROM discount_usage
            WHERE code_id = @codeId AND user_id = @userId
              AND (status IN ('reserved', 'payment_pending', 'confirmed', 'over_limit')
                   OR (status = 'refunded' AND NOT @refundReleasesSlot))
            """;
        return conn.ExecuteScalarAsync<int>(sql, new { codeId, userId, refundReleasesSlot }, tx);
    }

    public static Task<bool> HasPaidPurchaseAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string userId)
    {
        const string sql = "SELECT EXISTS (SELECT 1 FROM purchase WHERE user_id = @userId AND status IN ('paid', 'refunded'))";
        return conn.ExecuteScalarAsync<bool>(sql, new { userId }, tx);
    }

    public static Task InsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Usage usage)
    {
        const string sql = """
            INSERT INTO discount_usage (id, code_id, code, user_id, email, template_id, kind, percent_bps, amount_off,
                original_amount, discount_amount, final_amount, currency, minimum_charge_applied, status, reserved_at,
                expires_at, client_ip, device_fingerprint, risk_score, risk_signals, review_status, updated_at)
            VALUES (@Id, @CodeId, @Code, @UserId, @Email, @TemplateId, @Kind, @PercentBps, @AmountOff,
                @OriginalAmount, @DiscountAmount, @FinalAmount, @Currency, @MinimumChargeApplied, @Status, @ReservedAt,
                @ExpiresAt, @ClientIp, @DeviceFingerprint, @RiskScore, CAST(@RiskSignals AS jsonb), @ReviewStatus, @UpdatedAt)
            """;
        return conn.ExecuteAsync(sql, usage, tx);
    }

    /// <summary>Writes the mutable columns of a usage the caller holds locked.</summary>
    public static Task UpdateAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Usage usage)
    {
        const string sql = """
            UPDATE discount_usage SET status = @Status, expires_at = @ExpiresAt, extended_at = @ExtendedAt,
                confirmed_at = @ConfirmedAt, released_at = @ReleasedAt, release_reason = @ReleaseReason,
                stripe_session_id = @StripeSessionId, purchase_id = @PurchaseId, review_status = @ReviewStatus,
                updated_at = @UpdatedAt
            WHERE id = @Id
            """;
        return conn.ExecuteAsync(sql, usage, tx);
    }

    public static async Task<IReadOnlyList<Usage>> ActiveForUserAsync(NpgsqlConnection conn, string userId, Guid codeId, Guid templateId)
    {
        const string sql = """
            SELECT * FROM discount_usage
            WHERE user_id = @userId AND code_id = @codeId AND template_id = @templateId AND status IN ('reserved', 'payment_pending')
            """;
        return (await conn.QueryAsync<Usage>(sql, new { userId, codeId, templateId })).AsList();
    }
}
