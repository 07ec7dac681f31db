using Discounts.Core.Audit;
using Npgsql;

namespace Discounts.Core.Checkout;

/// <summary>State changes of a purchase the caller holds locked, each audited in the caller's transaction.</summary>
internal static class PurchaseTransitions
{
    /// <summary>Paid is the truth whenever the provider says so: from pending, failed or expired.</summary>
    public static async Task<bool> MarkPaidAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Purchase purchase, string? paymentIntentId, string actor, DateTime now, Guid? codeId)
    {
        if (purchase.Status is PurchaseStatus.Paid or PurchaseStatus.Refunded)
        {
            return false;
        }

        var after = purchase with
        {
            Status = PurchaseStatus.Paid,
            PaidAt = now,
            StripePaymentIntentId = paymentIntentId ?? purchase.StripePaymentIntentId,
            UpdatedAt = now,
        };
        await Audit(conn, tx, purchase, after, actor, now, codeId);
        return true;
    }

    /// <summary>pending -> failed | expired; paid -> refunded. Anything else is left alone.</summary>
    public static async Task<bool> MoveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Purchase purchase, string status, string actor, DateTime now, Guid? codeId)
    {
        var allowed = status switch
        {
            PurchaseStatus.Failed or PurchaseStatus.Expired => purchase.Status == PurchaseStatus.Pending,
            PurchaseStatus.Refunded => purchase.Status == PurchaseStatus.Paid,
            _ => false,
        };
        if (!allowed)
        {
            return false;
        }

        var after = purchase with { Status = status, UpdatedAt = now };
        await Audit(conn, tx, purchase, after, actor, now, codeId);
        return true;
    }

    /// <summary>Stores the session the provider created (once; a later different id is ignored).</summary>
    public static async Task<Purchase> AttachSessionAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Purchase purchase, CheckoutSession session, string actor, DateTime now, Guid? codeId)
    {
        if (purchase.StripeSessionId is not null)
        {
            return purchase;
        }

        var after = purchase with { StripeSessionId = session.Id, CheckoutUrl = session.Url, UpdatedAt = now };
        await AuditLog.WriteWithAsync(conn, tx, PurchaseRepository.UpdateSql, after, new AuditEntry(now, actor, AuditAction.PurchaseSessionAttached,
            codeId, purchase.UsageId, purchase.Id, null, new { sessionId = session.Id }));
        return after;
    }

    /// <summary>Writes the purchase as <paramref name="after"/> and its audit row, in one round trip.</summary>
    private static Task Audit(NpgsqlConnection conn, NpgsqlTransaction tx, Purchase before, Purchase after, string actor, DateTime now, Guid? codeId) =>
        AuditLog.WriteWithAsync(conn, tx, PurchaseRepository.UpdateSql, after, new AuditEntry(now, actor, AuditAction.PurchaseMovedTo(after.Status), codeId,
            before.UsageId, before.Id, new { status = before.Status }, new { status = after.Status, paymentIntentId = after.StripePaymentIntentId }));
}
