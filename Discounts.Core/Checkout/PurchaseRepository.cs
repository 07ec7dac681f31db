using Dapper;
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

    public static Task<Purchase?> FindBySessionAsync(NpgsqlConnection conn, string sessionId, NpgsqlTransaction? tx = null)
    {
        const string sql = "SELECT * FROM purchase WHERE stripe_session_id = @sessionId";
        return conn.QuerySingleOrDefaultAsync<Purchase>(sql, new { sessionId }, tx);
    }

    public static Task<Purchase?> FindByPaymentIntentAsync(NpgsqlConnection conn, string paymentIntentId, NpgsqlTransaction? tx = null)
    {
        const string sql = "SELECT * FROM purchase WHERE stripe_payment_intent_id = @paymentIntentId";
        return conn.QuerySingleOrDefaultAsync<Purchase>(sql, new { paymentIntentId }, tx);
    }

    public static Task<Purchase?> FindByIdempotencyKeyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string userId, string key)
    {
        const string sql = "SELECT * FROM purchase WHERE user_id = @userId AND idempotency_key = @key";
        return conn.QuerySingleOrDefaultAsync<Purchase>(sql, new { userId, key }, tx);
    }

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
