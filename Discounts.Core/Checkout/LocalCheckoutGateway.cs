using Dapper;
using Discounts.Core.Common;
using Npgsql;

namespace Discounts.Core.Checkout;

/// <summary>
/// The built-in checkout used when no Stripe key is configured: sessions live in <c>local_checkout_session</c>
/// and behave like Stripe's (idempotent per purchase; an expire call refuses a completed session). The page
/// that pays or cancels them is served by the function app (<see cref="LocalCheckoutService"/>).
/// </summary>
public sealed class LocalCheckoutGateway(NpgsqlDataSource dataSource, CheckoutOptions options, TimeProvider clock) : ICheckoutGateway
{
    public async Task<CheckoutSession> CreateSessionAsync(CheckoutSessionRequest request, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO local_checkout_session (id, purchase_id, amount, currency, status, payment_status, metadata, expires_at, created_at)
            VALUES (@id, @purchaseId, @amount, @currency, 'open', 'unpaid', CAST(@metadata AS jsonb), @expiresAt, @now)
            ON CONFLICT (purchase_id) DO UPDATE SET purchase_id = EXCLUDED.purchase_id
            RETURNING id
            """;
        var metadata = new Dictionary<string, string?>
        {
            ["purchase_id"] = request.PurchaseId.ToString(),
            ["usage_id"] = request.UsageId?.ToString(),
            ["code"] = request.Code,
            ["template_id"] = request.TemplateId.ToString(),
            ["user_id"] = request.UserId,
        };
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var id = await conn.ExecuteScalarAsync<string>(sql, new
        {
            id = "cs_local_" + Ids.New().ToString("N"),
            purchaseId = request.PurchaseId,
            amount = request.Amount,
            currency = request.Currency,
            metadata = Json.Serialize(metadata),
            expiresAt = request.ExpiresAt,
            now = clock.GetUtcNow().UtcDateTime,
        });
        return new CheckoutSession(id!, $"{options.PublicBaseUrl.TrimEnd('/')}/checkout/local/{id}");
    }

    /// <summary>The local checkout takes no card.</summary>
    public Task<string?> GetCardFingerprintAsync(string paymentIntentId, CancellationToken ct) => Task.FromResult<string?>(null);

    public async Task<SessionExpiry> ExpireSessionAsync(string sessionId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var session = await LocalCheckoutService.ExpireAsync(conn, sessionId);
        return session switch
        {
            null => new SessionExpiry(SessionExpiryStatus.Expired),
            { Status: "complete" } => new SessionExpiry(SessionExpiryStatus.Complete, session.PaymentStatus, session.PaymentIntentId),
            _ => new SessionExpiry(SessionExpiryStatus.Expired),
        };
    }
}
