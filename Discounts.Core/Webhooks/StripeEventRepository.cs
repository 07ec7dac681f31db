using Dapper;
using Discounts.Core.Checkout;
using Discounts.Core.Reservations;
using Npgsql;

namespace Discounts.Core.Webhooks;

internal static class StripeEventRepository
{
    /// <summary>
    /// Records the event id; false when it was recorded before. Concurrent deliveries of one event wait on the
    /// primary key until the first commits (then see a duplicate) or rolls back (then one of them inserts).
    /// </summary>
    public static async Task<bool> TryInsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string id, string type, DateTime now) =>
        await conn.ExecuteAsync(InsertSql, new { id, type, now }, tx) == 1;

    private const string InsertSql = """
        INSERT INTO stripe_event (id, type, received_at, processed_at, outcome)
        VALUES (@id, @type, @now, @now, 'processing')
        ON CONFLICT (id) DO NOTHING
        """;

    /// <summary>
    /// A session event's first round trip: records the event id (false: recorded before) and locks the purchase the
    /// session is for, matched by our own purchase id first (a session we never stored still matches, EC-025), else by
    /// the session's id, and its usage — usage first, then purchase, the lock order everywhere.
    /// </summary>
    public static async Task<(bool Inserted, Usage? Usage, Purchase? Purchase)> TryInsertAndLockSessionAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, string id, string type, DateTime now, Guid? purchaseId, string sessionId)
    {
        const string sql = $"""
            {InsertSql} RETURNING 1;
            SELECT * FROM discount_usage WHERE id = (SELECT usage_id FROM purchase WHERE id = {PurchaseOfSession}) FOR UPDATE;
            SELECT * FROM purchase WHERE id = {PurchaseOfSession} FOR UPDATE
            """;
        await using var results = await conn.QueryMultipleAsync(sql, new { id, type, now, purchaseId, sessionId }, tx);
        var inserted = (await results.ReadAsync<int>()).Any();
        return (inserted, await results.ReadSingleOrDefaultAsync<Usage>(), await results.ReadSingleOrDefaultAsync<Purchase>());
    }

    private const string PurchaseOfSession = "coalesce((SELECT id FROM purchase WHERE id = @purchaseId), (SELECT id FROM purchase WHERE stripe_session_id = @sessionId))";

    public static Task SetOutcomeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string id, string outcome, Guid? purchaseId, Guid? usageId)
    {
        const string sql = "UPDATE stripe_event SET outcome = @outcome, purchase_id = @purchaseId, usage_id = @usageId WHERE id = @id";
        return conn.ExecuteAsync(sql, new { id, outcome, purchaseId, usageId }, tx);
    }
}
