using Dapper;
using Npgsql;

namespace Discounts.Core.Reservations;

/// <summary>
/// The slot rows of limited codes (see 0001_initial.sql). A slot is taken by <c>claim_free_slot</c> and counted by
/// <c>free_slots</c> (migration 0011), the one definition of each; apply calls them inside its own statements.
/// </summary>
internal static class SlotRepository
{
    /// <summary>
    /// Claims one free slot of the code for the usage, or returns null when none is free: first with SKIP LOCKED, so
    /// concurrent claims take different rows, then waiting for free rows other transactions hold locked (they may
    /// yet roll back) before answering "none".
    /// </summary>
    public static Task<int?> TryClaimAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid codeId, Guid usageId, int? maxUses = null)
    {
        const string sql = "SELECT claim_free_slot(@codeId, @usageId, @start, true)";
        return conn.ExecuteScalarAsync<int?>(sql, new { codeId, usageId, start = RandomStart(maxUses) }, tx);
    }

    /// <summary>Where a claim starts looking: anywhere in 1..maxUses (1 when the size is not known).</summary>
    internal static int RandomStart(int? maxUses) => maxUses is > 1 ? Random.Shared.Next(1, maxUses.Value + 1) : 1;

    /// <summary>Returns the slot of the usage @Id, if it holds one (it travels with the usage's own update).</summary>
    internal const string FreeSql = "UPDATE discount_slot SET usage_id = NULL WHERE usage_id = @Id";

    /// <summary>Returns the usage's slot, if it holds one.</summary>
    public static Task<int> FreeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid usageId) => conn.ExecuteAsync(FreeSql, new { Id = usageId }, tx);

    public static Task<int> FreeManyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid[] usageIds)
    {
        const string sql = "UPDATE discount_slot SET usage_id = NULL WHERE usage_id = ANY(@usageIds)";
        return conn.ExecuteAsync(sql, new { usageIds }, tx);
    }
}
