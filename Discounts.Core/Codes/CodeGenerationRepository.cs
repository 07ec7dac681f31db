using Dapper;
using Discounts.Core.Audit;
using Npgsql;
using NpgsqlTypes;

namespace Discounts.Core.Codes;

/// <summary>SQL for <c>code_generation</c> and the writing of its codes (migration 0012).</summary>
internal static class CodeGenerationRepository
{
    public static Task InsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CodeGeneration generation)
    {
        const string sql = """
            INSERT INTO code_generation (id, count, generated, prefix, length, terms, campaign, status, created_by, created_at, updated_at)
            VALUES (@Id, @Count, @Generated, @Prefix, @Length, CAST(@Terms AS jsonb), @Campaign, @Status, @CreatedBy, @CreatedAt, @UpdatedAt)
            """;
        return conn.ExecuteAsync(sql, generation, tx);
    }

    public static Task<CodeGeneration?> FindAsync(NpgsqlConnection conn, Guid id)
    {
        const string sql = "SELECT * FROM code_generation WHERE id = @id";
        return conn.QuerySingleOrDefaultAsync<CodeGeneration>(sql, new { id });
    }

    /// <summary>The oldest generation with codes left to write, locked for one chunk; an instance already writing one is skipped.</summary>
    public static Task<CodeGeneration?> LockNextAsync(NpgsqlConnection conn, NpgsqlTransaction tx)
    {
        const string sql = """
            SELECT * FROM code_generation WHERE status IN ('queued', 'running')
            ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED
            """;
        return conn.QuerySingleOrDefaultAsync<CodeGeneration>(sql, transaction: tx);
    }

    public static Task SetProgressAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, int generated, string status, string? error, DateTime now)
    {
        const string sql = """
            UPDATE code_generation SET generated = @generated, status = @status, error = @error, updated_at = @now,
                finished_at = CASE WHEN @status IN ('done', 'failed') THEN @now END
            WHERE id = @id
            """;
        return conn.ExecuteAsync(sql, new { id, generated, status, error, now }, tx);
    }

    /// <summary>
    /// Writes the candidates that are new: COPY into a staging table (binary, one round trip for any number), then
    /// one statement inserts them as copies of <paramref name="terms"/> (a single-use code of the generation's terms,
    /// <see cref="NewDiscountCode.ToCode"/>) with a slot each and an audit row each; a candidate equal to an existing
    /// code is skipped by the unique index (EC-053). Returns how many were written.
    /// </summary>
    public static async Task<int> InsertChunkAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid generationId, DiscountCode terms, IEnumerable<(Guid Id, string Code)> candidates, CancellationToken ct)
    {
        await conn.ExecuteAsync("CREATE TEMP TABLE IF NOT EXISTS code_candidate (id uuid NOT NULL, code text NOT NULL) ON COMMIT DROP; TRUNCATE code_candidate", transaction: tx);
        await using (var copy = await conn.BeginBinaryImportAsync("COPY code_candidate (id, code) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var (id, code) in candidates)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(id, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(code, NpgsqlDbType.Text, ct);
            }

            await copy.CompleteAsync(ct);
        }

        const string sql = $"""
            WITH inserted AS (
                INSERT INTO discount_code (id, code, description, kind, percent_bps, amount_off, currency, max_uses,
                    max_uses_per_user, min_order_amount, template_ids, first_purchase_only, starts_at, expires_at, status,
                    campaign, refund_releases_slot, version, created_by, created_at, updated_at, generation_id)
                SELECT c.id, c.code, @Description, @Kind, @PercentBps, @AmountOff, @Currency, @MaxUses,
                    @MaxUsesPerUser, @MinOrderAmount, @TemplateIds, @FirstPurchaseOnly, @StartsAt, @ExpiresAt, @Status,
                    @Campaign, @RefundReleasesSlot, @Version, @CreatedBy, @CreatedAt, @UpdatedAt, @GenerationId
                FROM code_candidate c
                ON CONFLICT (code) DO NOTHING
                RETURNING id, code),
            slots AS (
                INSERT INTO discount_slot (code_id, slot_no) SELECT id, 1 FROM inserted),
            audit AS (
                {AuditLog.Insert}
                SELECT @CreatedAt, @CreatedBy, @Action, id, NULL, NULL, NULL, NULL, jsonb_build_object('code', code, 'campaign', @Campaign::text), NULL FROM inserted)
            SELECT count(*)::int FROM inserted
            """;
        var parameters = new DynamicParameters(terms);
        parameters.Add("GenerationId", generationId);
        parameters.Add("Action", AuditAction.CodeCreated.Name);
        return await conn.ExecuteScalarAsync<int>(new CommandDefinition(sql, parameters, tx, commandTimeout: 300, cancellationToken: ct));
    }

    /// <summary>The generation's codes, as the 201 of a generation written in the request answers them.</summary>
    public static async Task<IReadOnlyList<string>> CodesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid generationId) =>
        (await conn.QueryAsync<string>("SELECT code FROM discount_code WHERE generation_id = @generationId ORDER BY id", new { generationId }, tx)).AsList();
}
