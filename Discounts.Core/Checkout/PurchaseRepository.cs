using Dapper;
using Discounts.Core.Reservations;
using Discounts.Core.Templates;
using Npgsql;

namespace Discounts.Core.Checkout;

internal static class PurchaseRepository
{
    public static Task<Purchase?> FindAsync(NpgsqlConnection conn, Guid id, NpgsqlTransaction? tx = null)
    {
        const string sql = "SELECT * FROM purchase WHERE id = @id";
        return conn.QuerySingleOrDefaultAsync<Purchase>(sql, new { id }, tx);
    }

    public static Task<Purchase?> LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id)
    {
        const string sql = "SELECT * FROM purchase WHERE id = @id FOR UPDATE";
        return conn.QuerySingleOrDefaultAsync<Purchase>(sql, new { id }, tx);
    }

    /// <summary>
    /// Checkout's first round trip: the reservation locked, its template, the purchase it started locked (usage first,
    /// then purchase, the lock order everywhere), and a purchase of the caller's under <paramref name="idempotencyKey"/>.
    /// </summary>
    public static async Task<(Usage? Usage, Template? Template, Purchase? Existing, Purchase? Repeated)> LockReservationAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, Guid reservationId, string userId, string? idempotencyKey)
    {
        const string sql = $"""
            SELECT * FROM discount_usage WHERE id = @reservationId FOR UPDATE;
            SELECT * FROM template WHERE id = (SELECT template_id FROM discount_usage WHERE id = @reservationId);
            SELECT * FROM purchase WHERE id = (SELECT purchase_id FROM discount_usage WHERE id = @reservationId) FOR UPDATE;
            {ByIdempotencyKey}
            """;
        await using var results = await conn.QueryMultipleAsync(sql, new { reservationId, userId, key = idempotencyKey }, tx);
        return (await results.ReadSingleOrDefaultAsync<Usage>(), await results.ReadSingleOrDefaultAsync<Template>(),
            await results.ReadSingleOrDefaultAsync<Purchase>(), await results.ReadSingleOrDefaultAsync<Purchase>());
    }

    /// <summary>A purchase and its usage (if any) locked in one round trip, usage first.</summary>
    public static async Task<(Usage? Usage, Purchase? Purchase)> LockWithUsageAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid purchaseId, Guid? usageId)
    {
        const string sql = "SELECT * FROM discount_usage WHERE id = @usageId FOR UPDATE; SELECT * FROM purchase WHERE id = @purchaseId FOR UPDATE";
        await using var results = await conn.QueryMultipleAsync(sql, new { purchaseId, usageId }, tx);
        return (await results.ReadSingleOrDefaultAsync<Usage>(), await results.ReadSingleOrDefaultAsync<Purchase>());
    }

    public static Task<Purchase?> FindByPaymentIntentAsync(NpgsqlConnection conn, string paymentIntentId, NpgsqlTransaction? tx = null)
    {
        const string sql = "SELECT * FROM purchase WHERE stripe_payment_intent_id = @paymentIntentId";
        return conn.QuerySingleOrDefaultAsync<Purchase>(sql, new { paymentIntentId }, tx);
    }

    private const string ByIdempotencyKey = "SELECT * FROM purchase WHERE user_id = @userId AND idempotency_key = @key";

    public static Task<Purchase?> FindByIdempotencyKeyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string userId, string key) =>
        conn.QuerySingleOrDefaultAsync<Purchase>(ByIdempotencyKey, new { userId, key }, tx);

    public static Task InsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Purchase purchase)
    {
        const string sql = """
            INSERT INTO purchase (id, user_id, template_id, usage_id, original_amount, discount_amount, final_amount,
                currency, status, idempotency_key, session_expires_at, created_at, updated_at, paid_at)
            VALUES (@Id, @UserId, @TemplateId, @UsageId, @OriginalAmount, @DiscountAmount, @FinalAmount,
                @Currency, @Status, @IdempotencyKey, @SessionExpiresAt, @CreatedAt, @UpdatedAt, @PaidAt)
            """;
        return conn.ExecuteAsync(sql, purchase, tx);
    }

    /// <summary>Writes the mutable columns of a purchase the caller holds locked (bound to a <see cref="Purchase"/>).</summary>
    internal const string UpdateSql = """
        UPDATE purchase SET status = @Status, stripe_session_id = @StripeSessionId,
            stripe_payment_intent_id = @StripePaymentIntentId, checkout_url = @CheckoutUrl,
            updated_at = @UpdatedAt, paid_at = @PaidAt
        WHERE id = @Id
        """;

    public static Task UpdateAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Purchase purchase) => conn.ExecuteAsync(UpdateSql, purchase, tx);
}
