using Dapper;
using Npgsql;

namespace Discounts.Core.Webhooks;

internal static class StripeEventRepository
{
    /// <summary>
    /// Records the event id; false when it was recorded before. Concurrent deliveries of one event wait on the
    /// primary key until the first commits (then see a duplicate) or rolls back (then one of them inserts).
    /// </summary>
    public static async Task<bool> TryInsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string id, string type, DateTime now)
    {
        const string sql = """
            INSERT INTO stripe_event (id, type, received_at, processed_at, outcome)
            VALUES (@id, @type, @now, @now, 'processing')
            ON CONFLICT (id) DO NOTHING
            """;
        return await conn.ExecuteAsync(sql, new { id, type, now }, tx) == 1;
    }

    public static Task SetOutcomeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string id, string outcome, Guid? purchaseId, Guid? usageId)
    {
        const string sql = "UPDATE stripe_event SET outcome = @outcome, purchase_id = @purchaseId, usage_id = @usageId WHERE id = @id";
        return conn.ExecuteAsync(sql, new { id, outcome, purchaseId, usageId }, tx);
    }
}
