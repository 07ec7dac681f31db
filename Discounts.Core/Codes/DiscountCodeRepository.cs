using Dapper;
using Npgsql;

namespace Discounts.Core.Codes;

/// <summary>SQL for <c>discount_code</c> and its slot rows.</summary>
internal static class DiscountCodeRepository
{
    public static Task<DiscountCode?> FindByIdAsync(NpgsqlConnection conn, Guid id, NpgsqlTransaction? tx = null)
    {
        const string sql = "SELECT * FROM discount_code WHERE id = @id";
        return conn.QuerySingleOrDefaultAsync<DiscountCode>(sql, new { id }, tx);
    }

    public static Task<DiscountCode?> FindByCodeAsync(NpgsqlConnection conn, string normalizedCode)
    {
        const string sql = "SELECT * FROM discount_code WHERE code = @normalizedCode";
        return conn.QuerySingleOrDefaultAsync<DiscountCode>(sql, new { normalizedCode });
    }

    /// <summary>Inserts the code; false when the normalized code exists already (EC-030).</summary>
    public static async Task<bool> TryInsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx, DiscountCode code)
    {
        const string sql = """
            INSERT INTO discount_code (id, code, description, kind, percent_bps, amount_off, currency, max_uses,
                max_uses_per_user, min_order_amount, template_ids, first_purchase_only, starts_at, expires_at, status,
                campaign, refund_releases_slot, version, created_by, created_at, updated_at)
            VALUES (@Id, @Code, @Description, @Kind, @PercentBps, @AmountOff, @Currency, @MaxUses,
                @MaxUsesPerUser, @MinOrderAmount, @TemplateIds, @FirstPurchaseOnly, @StartsAt, @ExpiresAt, @Status,
                @Campaign, @RefundReleasesSlot, @Version, @CreatedBy, @CreatedAt, @UpdatedAt)
            ON CONFLICT (code) DO NOTHING
            """;
        return await conn.ExecuteAsync(sql, code, tx) == 1;
    }

    /// <summary>Creates slot rows so that the code has exactly <paramref name="maxUses"/> of them.</summary>
    public static Task<int> AddSlotsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid codeId, int maxUses)
    {
        const string sql = """
            INSERT INTO discount_slot (code_id, slot_no)
            SELECT @codeId, n FROM generate_series(1, @maxUses) AS n
            ON CONFLICT (code_id, slot_no) DO NOTHING
            """;
        return conn.ExecuteAsync(sql, new { codeId, maxUses }, tx);
    }

    /// <summary>Locks the code's row against other admin edits; <c>NO KEY UPDATE</c> so usage inserts (FK key share) do not wait.</summary>
    public static Task<DiscountCode?> LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id)
    {
        const string sql = "SELECT * FROM discount_code WHERE id = @id FOR NO KEY UPDATE";
        return conn.QuerySingleOrDefaultAsync<DiscountCode>(sql, new { id }, tx);
    }

    public static Task<DiscountCode?> LockForDeleteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id)
    {
        const string sql = "SELECT * FROM discount_code WHERE id = @id FOR UPDATE";
        return conn.QuerySingleOrDefaultAsync<DiscountCode>(sql, new { id }, tx);
    }

    /// <summary>Writes the editable columns, the status and the version of a code the caller holds locked.</summary>
    public static Task UpdateAsync(NpgsqlConnection conn, NpgsqlTransaction tx, DiscountCode code)
    {
        const string sql = """
            UPDATE discount_code SET description = @Description, status = @Status, starts_at = @StartsAt,
                expires_at = @ExpiresAt, max_uses = @MaxUses, max_uses_per_user = @MaxUsesPerUser,
                min_order_amount = @MinOrderAmount, template_ids = @TemplateIds, campaign = @Campaign,
                refund_releases_slot = @RefundReleasesSlot, first_purchase_only = @FirstPurchaseOnly,
                version = @Version, updated_at = @UpdatedAt
            WHERE id = @Id
            """;
        return conn.ExecuteAsync(sql, code, tx);
    }

    /// <summary>Whether any usage, in any state, was ever made of the code.</summary>
    public static Task<bool> HasUsagesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid codeId)
    {
        const string sql = "SELECT EXISTS (SELECT 1 FROM discount_usage WHERE code_id = @codeId)";
        return conn.ExecuteScalarAsync<bool>(sql, new { codeId }, tx);
    }

    public static Task<bool> HasRefundedUsagesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid codeId)
    {
        const string sql = "SELECT EXISTS (SELECT 1 FROM discount_usage WHERE code_id = @codeId AND status = 'refunded')";
        return conn.ExecuteScalarAsync<bool>(sql, new { codeId }, tx);
    }

    /// <summary>Deletes a code (its slot rows cascade); only for a code that never had a usage.</summary>
    public static Task<int> DeleteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid codeId)
    {
        const string sql = "DELETE FROM discount_code WHERE id = @codeId";
        return conn.ExecuteAsync(sql, new { codeId }, tx);
    }

    /// <summary>
    /// Locks every slot row of the code (waiting for reservations that are claiming one right now), so the
    /// held/free picture it returns stays true until the transaction ends.
    /// </summary>
    public static async Task<IReadOnlyList<(int SlotNo, Guid? UsageId)>> LockSlotsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid codeId)
    {
        const string sql = "SELECT slot_no, usage_id FROM discount_slot WHERE code_id = @codeId ORDER BY slot_no FOR UPDATE";
        return (await conn.QueryAsync<(int, Guid?)>(sql, new { codeId }, tx)).AsList();
    }

    public static Task<int> DeleteSlotsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid codeId, int[] slotNos)
    {
        const string sql = "DELETE FROM discount_slot WHERE code_id = @codeId AND slot_no = ANY(@slotNos) AND usage_id IS NULL";
        return conn.ExecuteAsync(sql, new { codeId, slotNos }, tx);
    }

    public static Task<int> DeleteAllSlotsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid codeId)
    {
        const string sql = "DELETE FROM discount_slot WHERE code_id = @codeId";
        return conn.ExecuteAsync(sql, new { codeId }, tx);
    }

    /// <summary>Moves held slot rows to new numbers (the targets are free numbers, deleted before).</summary>
    public static Task<int> RenumberSlotsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid codeId, int[] fromNos, int[] toNos)
    {
        const string sql = """
            UPDATE discount_slot s SET slot_no = m.to_no
            FROM unnest(@fromNos, @toNos) AS m(from_no, to_no)
            WHERE s.code_id = @codeId AND s.slot_no = m.from_no
            """;
        return conn.ExecuteAsync(sql, new { codeId, fromNos, toNos }, tx);
    }

    /// <summary>Usages of an unlimited code that would hold a slot if it were limited (invariant 3).</summary>
    public static Task<int> CountSlotHoldersAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid codeId, bool refundReleasesSlot)
    {
        const string sql = """
            SELECT count(*)::int FROM discount_usage
            WHERE code_id = @codeId
              AND usage_holds_slot(status, @refundReleasesSlot)
            """;
        return conn.ExecuteScalarAsync<int>(sql, new { codeId, refundReleasesSlot }, tx);
    }

    /// <summary>Creates held slot rows 1..n for the usages that hold a slot (a code becoming limited).</summary>
    public static Task<int> AttachSlotHoldersAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid codeId, bool refundReleasesSlot)
    {
        const string sql = """
            INSERT INTO discount_slot (code_id, slot_no, usage_id)
            SELECT @codeId, row_number() OVER (ORDER BY reserved_at, id), id FROM discount_usage
            WHERE code_id = @codeId
              AND usage_holds_slot(status, @refundReleasesSlot)
            """;
        return conn.ExecuteAsync(sql, new { codeId, refundReleasesSlot }, tx);
    }

    public static async Task<CodeUsageCounts> CountUsagesAsync(NpgsqlConnection conn, Guid codeId) =>
        (await CountUsagesAsync(conn, [codeId])).GetValueOrDefault(codeId) ?? new CodeUsageCounts { CodeId = codeId };

    /// <summary>Usages by status and slots held, for many codes in one query.</summary>
    public static async Task<Dictionary<Guid, CodeUsageCounts>> CountUsagesAsync(NpgsqlConnection conn, Guid[] codeIds)
    {
        const string sql = """
            SELECT c.id AS code_id,
                   count(u.id) FILTER (WHERE u.status = 'reserved') AS reserved,
                   count(u.id) FILTER (WHERE u.status = 'payment_pending') AS payment_pending,
                   count(u.id) FILTER (WHERE u.status = 'confirmed') AS confirmed,
                   count(u.id) FILTER (WHERE u.status = 'released') AS released,
                   count(u.id) FILTER (WHERE u.status = 'refunded') AS refunded,
                   count(u.id) FILTER (WHERE u.status = 'over_limit') AS over_limit,
                   (SELECT count(*) FROM discount_slot s WHERE s.code_id = c.id AND s.usage_id IS NOT NULL) AS slots_taken
            FROM unnest(@codeIds) AS c(id)
            LEFT JOIN discount_usage u ON u.code_id = c.id
            GROUP BY c.id
            """;
        return (await conn.QueryAsync<CodeUsageCounts>(sql, new { codeIds })).ToDictionary(c => c.CodeId);
    }

    /// <summary>A page of codes in creation order (newest first), keyed by (created_at, id).</summary>
    public static async Task<IReadOnlyList<DiscountCode>> ListAsync(NpgsqlConnection conn, CodeListFilter filter)
    {
        const string sql = """
            SELECT * FROM discount_code
            WHERE (@Status::text IS NULL OR status = @Status)
              AND (@Campaign::text IS NULL OR campaign = @Campaign)
              AND (@Query::text IS NULL OR code LIKE '%' || @Query || '%' ESCAPE '\' OR description ILIKE '%' || @Query || '%' ESCAPE '\')
              AND (@AfterCreatedAt::timestamptz IS NULL OR (created_at, id) < (@AfterCreatedAt, @AfterId))
            ORDER BY created_at DESC, id DESC
            LIMIT @Limit
            """;
        return (await conn.QueryAsync<DiscountCode>(sql, filter with { Query = Database.SqlLike.Escape(filter.Query) })).AsList();
    }
}
