using System.Text.Json;
using Dapper;
using Discounts.Core.Common;
using Discounts.Core.Webhooks;
using Npgsql;
using Stripe;

namespace Discounts.Core.Checkout;

/// <summary>
/// Pays or cancels a local checkout session and delivers the Stripe-shaped, correctly signed event to the
/// same webhook processing that Stripe's deliveries go through, so the whole flow runs offline.
/// </summary>
public sealed class LocalCheckoutService(NpgsqlDataSource dataSource, StripeWebhookService webhooks, CheckoutOptions options, TimeProvider clock)
{
    public async Task<LocalCheckoutSession?> FindAsync(string sessionId, CancellationToken ct)
    {
        const string sql = "SELECT * FROM local_checkout_session WHERE id = @sessionId";
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<LocalCheckoutSession>(sql, new { sessionId });
    }

    /// <summary>Where a local checkout left its purchase and the reservation it used: what the customer is told.</summary>
    public async Task<LocalCheckoutOutcome?> OutcomeAsync(Guid purchaseId, CancellationToken ct)
    {
        const string sql = """
            SELECT p.id AS purchase_id, p.status AS purchase_status, u.id AS reservation_id, u.status AS reservation_status
            FROM purchase p LEFT JOIN discount_usage u ON u.id = p.usage_id
            WHERE p.id = @purchaseId
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<LocalCheckoutOutcome>(sql, new { purchaseId });
    }

    /// <summary>The customer pays: the session completes (if still open and in time) and the event is delivered.</summary>
    public async Task<WebhookResult?> PayAsync(string sessionId, CancellationToken ct)
    {
        const string sql = """
            UPDATE local_checkout_session SET status = 'complete', payment_status = 'paid', payment_intent_id = @pi
            WHERE id = @sessionId AND status = 'open' AND expires_at > @now
            RETURNING *
            """;
        LocalCheckoutSession? session;
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
            session = await conn.QuerySingleOrDefaultAsync<LocalCheckoutSession>(sql, new { sessionId, pi = "pi_local_" + Ids.New().ToString("N"), now = clock.GetUtcNow().UtcDateTime });
        }

        return session is null ? null : await DeliverAsync(EventTypes.CheckoutSessionCompleted, session, ct);
    }

    /// <summary>The customer gives up: the session expires at once and the event is delivered (the hold is returned).</summary>
    public async Task<WebhookResult?> CancelAsync(string sessionId, CancellationToken ct)
    {
        LocalCheckoutSession? session;
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
            session = await ExpireAsync(conn, sessionId);
        }

        return session is { Status: "expired" } ? await DeliverAsync(EventTypes.CheckoutSessionExpired, session, ct) : null;
    }

    /// <summary>Expires an open session; returns the session as it stands after (null when unknown).</summary>
    internal static Task<LocalCheckoutSession?> ExpireAsync(NpgsqlConnection conn, string sessionId)
    {
        const string sql = """
            WITH expired AS (
                UPDATE local_checkout_session SET status = 'expired' WHERE id = @sessionId AND status = 'open' RETURNING *)
            SELECT * FROM expired
            UNION ALL
            SELECT * FROM local_checkout_session WHERE id = @sessionId AND NOT EXISTS (SELECT 1 FROM expired)
            """;
        return conn.QuerySingleOrDefaultAsync<LocalCheckoutSession>(sql, new { sessionId });
    }

    private Task<WebhookResult> DeliverAsync(string type, LocalCheckoutSession session, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var metadata = JsonSerializer.Deserialize<Dictionary<string, string?>>(session.Metadata) ?? [];
        var payload = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = "evt_local_" + Ids.New().ToString("N"),
            ["object"] = "event",
            ["api_version"] = StripeConfiguration.ApiVersion,
            ["created"] = now.ToUnixTimeSeconds(),
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["type"] = type,
            ["data"] = new Dictionary<string, object?>
            {
                ["object"] = new Dictionary<string, object?>
                {
                    ["id"] = session.Id,
                    ["object"] = "checkout.session",
                    ["mode"] = "payment",
                    ["status"] = session.Status,
                    ["payment_status"] = session.PaymentStatus,
                    ["payment_intent"] = session.PaymentIntentId,
                    ["client_reference_id"] = session.PurchaseId.ToString(),
                    ["amount_total"] = session.Amount,
                    ["currency"] = session.Currency,
                    ["expires_at"] = new DateTimeOffset(session.ExpiresAt, TimeSpan.Zero).ToUnixTimeSeconds(),
                    ["metadata"] = metadata.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value),
                },
            },
        });
        var signature = EventUtility.GenerateSignatureHeader(payload, options.EffectiveWebhookSecret, now.ToUnixTimeSeconds());
        return webhooks.ProcessAsync(payload, signature, ct);
    }

}
