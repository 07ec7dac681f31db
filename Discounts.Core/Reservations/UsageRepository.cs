using Discounts.Core.Audit;
using Dapper;
using Npgsql;

namespace Discounts.Core.Reservations;

/// <summary>SQL for <c>discount_usage</c>.</summary>
internal static class UsageRepository
{
    internal const int UserLockNamespace = 0x5553_4552; // "USER"

    private const string LockUser = "SELECT pg_advisory_xact_lock(@Ns, hashtext(@UserId))";

    private const string ActiveForTemplate = """
        SELECT * FROM discount_usage
        WHERE user_id = @UserId AND template_id = @TemplateId AND status IN ('reserved', 'payment_pending')
        """;

    /// <summary>The per-user facts (migration 0011), in the order <see cref="UserFacts"/> takes them.</summary>
    private const string UserCounts = "SELECT user_code_uses(@UserId, @CodeId, @RefundReleasesSlot), user_has_paid(@UserId), user_active_holds(@UserId)";

    /// <summary>The statements of <see cref="LockUserAndReadAsync"/> (the benchmark runs them too).</summary>
    internal const string LockUserAndReadSql = $"{LockUser}; {ActiveForTemplate} FOR UPDATE; {UserCounts}";

    /// <summary>
    /// Serializes one user's reservation changes (invariant 2, EC-002, EC-003) without making other users wait —
    /// a transaction-scoped advisory lock on the user, not a lock on the popular code's row — and reads, under
    /// that lock, every fact the per-user rules need, in one round trip (apply's slow path).
    /// </summary>
    public static async Task<UserFacts> LockUserAndReadAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string userId, Guid codeId, Guid templateId, bool refundReleasesSlot)
    {
        const string sql = LockUserAndReadSql;
        await using var results = await conn.QueryMultipleAsync(sql, new { Ns = UserLockNamespace, UserId = userId, CodeId = codeId, TemplateId = templateId, RefundReleasesSlot = refundReleasesSlot }, tx);
        await results.ReadAsync();
        var active = (await results.ReadAsync<Usage>()).AsList();
        var (uses, hasPaid, holds) = await results.ReadSingleAsync<(int, bool, int)>();
        return new UserFacts(active, uses, hasPaid, holds);
    }

    /// <summary>Advisory-lock namespace of the per-code address and device caps (EC-044).</summary>
    internal const int SharedHoldsLockNamespace = 0x4E45_5457; // "NETW"

    /// <summary>
    /// Serializes the applies of one scarce code from one address, and from one device, and counts the unpaid holds
    /// of the code already taken from each, across accounts (EC-044: denial of inventory). Taken after the user's
    /// lock and always address before device, so these locks cannot deadlock.
    /// </summary>
    public static async Task<(int FromAddress, int FromDevice)> LockAndCountSharedHoldsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid codeId, string? ip, string? device)
    {
        const string sql = """
            SELECT pg_advisory_xact_lock(@Ns, hashtext('ip ' || @CodeId::text || ' ' || @Ip)) WHERE @Ip IS NOT NULL;
            SELECT pg_advisory_xact_lock(@Ns, hashtext('device ' || @CodeId::text || ' ' || @Device)) WHERE @Device IS NOT NULL;
            SELECT count(*) FILTER (WHERE client_ip = @Ip)::int, count(*) FILTER (WHERE device_fingerprint = @Device)::int
            FROM discount_usage
            WHERE code_id = @CodeId AND status IN ('reserved', 'payment_pending') AND (client_ip = @Ip OR device_fingerprint = @Device)
            """;
        await using var results = await conn.QueryMultipleAsync(sql, new { Ns = SharedHoldsLockNamespace, CodeId = codeId, Ip = ip, Device = device }, tx);
        await results.ReadAsync();
        await results.ReadAsync();
        return await results.ReadSingleAsync<(int, int)>();
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

    /// <summary>The usage's foreign key to its template (the code's is <c>discount_usage_code_id_fkey</c>).</summary>
    public const string TemplateForeignKey = "discount_usage_template_id_fkey";

    private const string InsertUsage = """
        INSERT INTO discount_usage (id, code_id, code, user_id, email, template_id, kind, percent_bps, amount_off,
            original_amount, discount_amount, final_amount, currency, minimum_charge_applied, status, reserved_at,
            expires_at, client_ip, device_fingerprint, risk_score, risk_signals, review_status, updated_at)
        SELECT @Id, @CodeId, @Code, @UserId, @Email, @TemplateId, @Kind, @PercentBps, @AmountOff,
            @OriginalAmount, @DiscountAmount, @FinalAmount, @Currency, @MinimumChargeApplied, @Status, @ReservedAt,
            @ExpiresAt, @ClientIp, @DeviceFingerprint, @RiskScore, CAST(@RiskSignals AS jsonb), @ReviewStatus, @UpdatedAt
        """;

    private const string AuditReserved = $"""
        audit AS (
            {AuditLog.Insert}
            SELECT @ReservedAt, @Actor, @Action, @CodeId, id, NULL, NULL, NULL, CAST(@After AS jsonb), @ClientIp FROM inserted)
        """;

    /// <summary>
    /// Apply's common case in one statement (a new hold, the user holding nothing on the template): under the user's
    /// lock, only if the per-user facts the service decided on (read before, unlocked) are still the facts, a free
    /// slot for a limited code (<c>claim_free_slot</c>, without waiting), the usage and its audit row. The fact
    /// functions are VOLATILE, so they see what was committed while the lock was awaited. <c>unchanged</c> false, or
    /// no slot free without waiting: nothing was written, and the service takes the locked path.
    /// </summary>
    internal const string ReserveIfUnchangedSql = $"""
        WITH locked AS ({LockUser}),
        unchanged AS (
            SELECT user_template_holds(@UserId, @TemplateId) = 0 AND user_code_uses(@UserId, @CodeId, @RefundReleasesSlot) = @Uses
                AND user_has_paid(@UserId) = @HasPaidPurchase AND user_active_holds(@UserId) = @ActiveHolds AS yes
            FROM locked),
        slot AS (
            SELECT CASE WHEN @Limited THEN claim_free_slot(@CodeId, @Id, @Start, false) ELSE 0 END AS slot_no
            FROM unchanged WHERE yes),
        inserted AS ({InsertUsage} WHERE EXISTS (SELECT 1 FROM slot WHERE slot_no IS NOT NULL) RETURNING id),
        {AuditReserved}
        SELECT (SELECT yes FROM unchanged) AS unchanged, (SELECT count(*)::int FROM inserted) = 1 AS reserved
        """;

    /// <summary>Apply's locked path: the hold, its slot (waiting for locked free slots when SKIP LOCKED found none) and its audit row.</summary>
    private const string ReserveSql = $"""
        WITH slot AS (SELECT CASE WHEN @Limited THEN claim_free_slot(@CodeId, @Id, @Start, true) ELSE 0 END AS slot_no),
        inserted AS ({InsertUsage} WHERE EXISTS (SELECT 1 FROM slot WHERE slot_no IS NOT NULL) RETURNING id),
        {AuditReserved}
        SELECT count(*)::int = 1 FROM inserted
        """;

    /// <summary>
    /// <see cref="ReserveIfUnchangedSql"/>: (true, true) when the hold was made; (false, false) when the user's facts
    /// changed since <paramref name="facts"/> were read; (true, false) when no free slot could be had without waiting.
    /// </summary>
    public static async Task<(bool Unchanged, bool Reserved)> ReserveIfUnchangedAsync(NpgsqlConnection conn, Usage usage, CodeFacts facts, bool refundReleasesSlot, int? maxUses, string actor, string after)
    {
        var parameters = ReserveParameters(usage, maxUses, actor, after);
        parameters.Add("Ns", UserLockNamespace);
        parameters.Add("RefundReleasesSlot", refundReleasesSlot);
        parameters.Add("Uses", facts.Uses);
        parameters.Add("HasPaidPurchase", facts.HasPaidPurchase);
        parameters.Add("ActiveHolds", facts.ActiveHolds);
        var (unchanged, reserved) = await conn.QuerySingleAsync<(bool?, bool)>(ReserveIfUnchangedSql, parameters);
        return (unchanged == true, reserved);
    }

    /// <summary>
    /// Inserts a new hold with its audit row and, for a limited code, the slot it takes — one statement, inside the
    /// caller's transaction under the user's lock. False when the code had no free slot for it.
    /// </summary>
    public static async Task<bool> ReserveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Usage usage, int? maxUses, string actor, string after) =>
        await conn.ExecuteScalarAsync<bool>(ReserveSql, ReserveParameters(usage, maxUses, actor, after), tx);

    private static DynamicParameters ReserveParameters(Usage usage, int? maxUses, string actor, string after)
    {
        var parameters = new DynamicParameters(usage);
        parameters.Add("Actor", actor);
        parameters.Add("After", after);
        parameters.Add("Action", AuditAction.UsageReserved.Name);
        parameters.Add("Limited", maxUses is not null);
        parameters.Add("Start", SlotRepository.RandomStart(maxUses));
        return parameters;
    }

    /// <summary>Releases the reserved ones of <paramref name="ids"/>, locked by the caller (<see cref="UsageTransitions.ReleaseExpiredAsync"/>).</summary>
    public static Task ReleaseReservedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid[] ids, string reason, DateTime now)
    {
        const string sql = """
            UPDATE discount_usage SET status = 'released', released_at = @now, release_reason = @reason, updated_at = @now
            WHERE id = ANY(@ids) AND status = 'reserved'
            """;
        return conn.ExecuteAsync(sql, new { ids, reason, now }, tx);
    }

    /// <summary>Writes a usage's risk score, its reasons and its review status (<see cref="UsageTransitions.ReassessRiskAsync"/>); bound to @UsageId, @Score, @Signals, @ReviewStatus, @Now.</summary>
    internal const string UpdateRiskSql = """
        UPDATE discount_usage SET risk_score = @Score, risk_signals = CAST(@Signals AS jsonb), review_status = @ReviewStatus, updated_at = @Now
        WHERE id = @UsageId
        """;

    /// <summary>Writes the mutable columns of a usage the caller holds locked (bound to a <see cref="Usage"/>).</summary>
    internal const string UpdateSql = """
        UPDATE discount_usage SET status = @Status, expires_at = @ExpiresAt, extended_at = @ExtendedAt,
            confirmed_at = @ConfirmedAt, released_at = @ReleasedAt, release_reason = @ReleaseReason,
            stripe_session_id = @StripeSessionId, purchase_id = @PurchaseId, review_status = @ReviewStatus,
            updated_at = @UpdatedAt
        WHERE id = @Id
        """;

    public static Task UpdateAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Usage usage) => conn.ExecuteAsync(UpdateSql, usage, tx);

}
