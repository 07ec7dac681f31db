using Discounts.Core.Audit;
using Dapper;
using Npgsql;

namespace Discounts.Core.Reservations;

/// <summary>SQL for <c>discount_usage</c>.</summary>
internal static class UsageRepository
{
    internal const int UserLockNamespace = 0x5553_4552; // "USER"

    private const string LockUser = "SELECT pg_advisory_xact_lock(@Ns, hashtext(@UserId))";

    private const string CountUses = """
        SELECT count(*)::int FROM discount_usage
        WHERE code_id = @CodeId AND user_id = @UserId AND usage_counts_for_user(status, @RefundReleasesSlot)
        """;

    private const string HasPaid = "SELECT EXISTS (SELECT 1 FROM purchase WHERE user_id = @UserId AND status IN ('paid', 'refunded'))";

    private const string ActiveHolds = "SELECT count(*)::int FROM discount_usage WHERE user_id = @UserId AND status IN ('reserved', 'payment_pending')";

    private const string ActiveForTemplate = """
        SELECT * FROM discount_usage
        WHERE user_id = @UserId AND template_id = @TemplateId AND status IN ('reserved', 'payment_pending')
        """;

    /// <summary>The statements of <see cref="LockUserAndReadAsync"/> (the benchmark runs them too).</summary>
    internal const string LockUserAndReadSql = $"{LockUser}; {ActiveForTemplate} FOR UPDATE; {CountUses}; {HasPaid}; {ActiveHolds}";

    /// <summary>
    /// Serializes one user's reservation changes (invariant 2, EC-002, EC-003) without making other users wait —
    /// a transaction-scoped advisory lock on the user, not a lock on the popular code's row — and reads, under
    /// that lock, every fact the per-user rules need. One round trip: the hot path of apply.
    /// </summary>
    public static async Task<UserFacts> LockUserAndReadAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string userId, Guid codeId, Guid templateId, bool refundReleasesSlot)
    {
        const string sql = LockUserAndReadSql;
        await using var results = await conn.QueryMultipleAsync(sql, new { Ns = UserLockNamespace, UserId = userId, CodeId = codeId, TemplateId = templateId, RefundReleasesSlot = refundReleasesSlot }, tx);
        await results.ReadAsync();
        var active = (await results.ReadAsync<Usage>()).AsList();
        return new UserFacts(active, await results.ReadSingleAsync<int>(), await results.ReadSingleAsync<bool>(), await results.ReadSingleAsync<int>());
    }

    /// <summary>The same facts without a lock, for validate's read-only answer.</summary>
    public static async Task<UserFacts> ReadUserFactsAsync(NpgsqlConnection conn, string userId, Guid codeId, Guid templateId, bool refundReleasesSlot)
    {
        const string sql = $"{ActiveForTemplate}; {CountUses}; {HasPaid}; {ActiveHolds}";
        await using var results = await conn.QueryMultipleAsync(sql, new { UserId = userId, CodeId = codeId, TemplateId = templateId, RefundReleasesSlot = refundReleasesSlot });
        var active = (await results.ReadAsync<Usage>()).AsList();
        return new UserFacts(active, await results.ReadSingleAsync<int>(), await results.ReadSingleAsync<bool>(), await results.ReadSingleAsync<int>());
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

    private const string AuditAndCount = $"""
        audit AS (
            {AuditLog.Insert}
            SELECT @ReservedAt, @Actor, @Action, @CodeId, id, NULL, NULL, NULL, CAST(@After AS jsonb), @ClientIp FROM inserted)
        SELECT count(*)::int FROM inserted
        """;

    /// <summary>The common case of <see cref="ReserveAsync"/>: a free slot taken without waiting (the benchmark runs it too).</summary>
    internal const string ReserveSkipLockedSql = $"WITH slot AS ({SlotRepository.ClaimFreeSlotSkipLocked} RETURNING slot_no), inserted AS ({InsertUsage} WHERE EXISTS (SELECT 1 FROM slot) RETURNING id), {AuditAndCount}";

    /// <summary>
    /// Inserts a new hold with its audit row and, for a limited code, the slot it takes — one statement, so the
    /// common case of apply costs one round trip. False when the code had no free slot for it.
    /// </summary>
    public static async Task<bool> ReserveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Usage usage, SlotClaim claim, string actor, string after, int? maxUses = null)
    {
        const string skipLocked = ReserveSkipLockedSql;
        const string waiting = $"WITH slot AS ({SlotRepository.ClaimFreeSlotWaiting} RETURNING slot_no), inserted AS ({InsertUsage} WHERE EXISTS (SELECT 1 FROM slot) RETURNING id), {AuditAndCount}";
        const string unlimited = $"WITH inserted AS ({InsertUsage} RETURNING id), {AuditAndCount}";
        var parameters = new DynamicParameters(usage);
        parameters.Add("Actor", actor);
        parameters.Add("After", after);
        parameters.Add("Action", AuditAction.UsageReserved.Name);
        parameters.Add("Start", SlotRepository.RandomStart(maxUses));
        var sql = claim switch
        {
            SlotClaim.SkipLocked => skipLocked,
            SlotClaim.Wait => waiting,
            _ => unlimited,
        };
        return await conn.ExecuteScalarAsync<int>(sql, parameters, tx) == 1;
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

    /// <summary>Writes a usage's risk score, its reasons and its review status (<see cref="UsageTransitions.ReassessRiskAsync"/>).</summary>
    public static Task UpdateRiskAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid usageId, int score, string signals, string reviewStatus, DateTime now)
    {
        const string sql = """
            UPDATE discount_usage SET risk_score = @score, risk_signals = CAST(@signals AS jsonb), review_status = @reviewStatus, updated_at = @now
            WHERE id = @usageId
            """;
        return conn.ExecuteAsync(sql, new { usageId, score, signals, reviewStatus, now }, tx);
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

}
