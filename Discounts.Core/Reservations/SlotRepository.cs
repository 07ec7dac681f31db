using Dapper;
using Npgsql;

namespace Discounts.Core.Reservations;

/// <summary>The slot rows of limited codes (see 0001_initial.sql).</summary>
internal static class SlotRepository
{
    /// <summary>
    /// Gives @Id the first free, unlocked slot of @CodeId at or after slot @Start, else the first one before it.
    /// Concurrent claims start at random places, so they do not all fight over the head of the free list (where
    /// SKIP LOCKED would make each of N claimers step over up to N locked rows). <c>coalesce</c> evaluates the
    /// wrap-around scan only when the first found nothing.
    /// </summary>
    internal const string ClaimFreeSlotSkipLocked = """
        WITH after AS (
            SELECT slot_no FROM discount_slot
            WHERE code_id = @CodeId AND usage_id IS NULL AND slot_no >= @Start
            ORDER BY slot_no LIMIT 1 FOR UPDATE SKIP LOCKED),
        before AS (
            SELECT slot_no FROM discount_slot
            WHERE code_id = @CodeId AND usage_id IS NULL AND slot_no < @Start
            ORDER BY slot_no LIMIT 1 FOR UPDATE SKIP LOCKED)
        UPDATE discount_slot SET usage_id = @Id
        WHERE code_id = @CodeId AND slot_no = coalesce((SELECT slot_no FROM after), (SELECT slot_no FROM before))
        """;

    /// <summary>Gives @Id the first free slot of @CodeId, waiting for rows other transactions hold locked.</summary>
    internal const string ClaimFreeSlotWaiting = """
        UPDATE discount_slot SET usage_id = @Id
        WHERE (code_id, slot_no) = (
            SELECT code_id, slot_no FROM discount_slot
            WHERE code_id = @CodeId AND usage_id IS NULL
            ORDER BY slot_no LIMIT 1
            FOR UPDATE)
        """;

    /// <summary>
    /// Claims one free slot of the code for the usage, or returns null when none is free.
    /// First with SKIP LOCKED, so concurrent claims take different rows instead of queueing on one. When every
    /// free row is locked, SKIP LOCKED finds nothing although a locking transaction may yet roll back; so
    /// before answering "exhausted", a second, blocking statement waits for those rows and re-checks them.
    /// That wait happens only on the last few slots of a code.
    /// </summary>
    public static async Task<int?> TryClaimAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid codeId, Guid usageId, int? maxUses = null)
    {
        const string skipLocked = $"{ClaimFreeSlotSkipLocked} RETURNING slot_no";
        var slot = await conn.QuerySingleOrDefaultAsync<int?>(skipLocked, new { CodeId = codeId, Id = usageId, Start = RandomStart(maxUses) }, tx);
        if (slot is not null)
        {
            return slot;
        }

        const string waiting = $"{ClaimFreeSlotWaiting} RETURNING slot_no";
        return await conn.QuerySingleOrDefaultAsync<int?>(waiting, new { CodeId = codeId, Id = usageId }, tx);
    }

    /// <summary>Where a claim starts looking: anywhere in 1..maxUses (1 when the size is not known).</summary>
    internal static int RandomStart(int? maxUses) => maxUses is > 1 ? Random.Shared.Next(1, maxUses.Value + 1) : 1;

    /// <summary>Returns the usage's slot, if it holds one.</summary>
    public static Task<int> FreeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid usageId)
    {
        const string sql = "UPDATE discount_slot SET usage_id = NULL WHERE usage_id = @usageId";
        return conn.ExecuteAsync(sql, new { usageId }, tx);
    }

    public static Task<int> FreeManyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid[] usageIds)
    {
        const string sql = "UPDATE discount_slot SET usage_id = NULL WHERE usage_id = ANY(@usageIds)";
        return conn.ExecuteAsync(sql, new { usageIds }, tx);
    }

    /// <summary>Whether a limited code has a free slot now (validate's read-only check).</summary>
    public static Task<bool> HasFreeAsync(NpgsqlConnection conn, Guid codeId)
    {
        const string sql = "SELECT EXISTS (SELECT 1 FROM discount_slot WHERE code_id = @codeId AND usage_id IS NULL)";
        return conn.ExecuteScalarAsync<bool>(sql, new { codeId });
    }
}
