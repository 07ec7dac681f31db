using Discounts.Core.Observability;
using Discounts.Core.Templates;
using Npgsql;
using Discounts.Core.Checkout;

namespace Discounts.Core.Reservations;

/// <summary>
/// Releases one hold under the expire-first protocol (design.md invariant 5): a hold with a checkout session
/// is released only after the provider has expired that session; if the provider says the session was
/// completed, the usage is confirmed (or marked payment pending) instead; if it cannot be reached the hold
/// is kept. A hold whose checkout started but whose session id was never stored (a crash or timeout between
/// the provider's answer and our commit, EC-025) first recovers the session by repeating the creation with
/// the same idempotency key.
/// </summary>
public sealed class HoldReleaser(NpgsqlDataSource dataSource, ICheckoutGateway gateway, TimeProvider clock)
{
    public async Task<HoldReleaseResult> ReleaseAsync(Guid usageId, string reason, string actor, CancellationToken ct)
    {
        var result = await ReleaseCoreAsync(usageId, reason, actor, ct);
        switch (result)
        {
            case HoldReleaseResult.Released:
                DiscountsMetrics.HoldsReleased.Add(1, new KeyValuePair<string, object?>("reason", reason));
                break;
            case HoldReleaseResult.Paid:
                DiscountsMetrics.HoldsConfirmed.Add(1);
                break;
        }

        return result;
    }

    private async Task<HoldReleaseResult> ReleaseCoreAsync(Guid usageId, string reason, string actor, CancellationToken ct)
    {
        Usage? usage;
        Purchase? purchase;
        Template? template;
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
            usage = await UsageRepository.FindAsync(conn, usageId);
            if (usage is null || !UsageStatus.IsActive(usage.Status))
            {
                return Inactive(usage);
            }

            purchase = usage.PurchaseId is { } pid ? await PurchaseRepository.FindAsync(conn, pid) : null;
            template = await TemplateRepository.FindAsync(conn, usage.TemplateId);
        }

        var sessionId = purchase?.StripeSessionId ?? usage.StripeSessionId;
        if (sessionId is null && purchase is { Status: PurchaseStatus.Pending, FinalAmount: > 0 })
        {
            try
            {
                var session = await gateway.CreateSessionAsync(CheckoutService.SessionRequest(purchase, usage, template?.Title), ct);
                sessionId = session.Id;
            }
            catch (PaymentProviderUnavailableException)
            {
                return HoldReleaseResult.Unavailable;
            }
        }

        var expiry = sessionId is null ? new SessionExpiry(SessionExpiryStatus.Expired) : await gateway.ExpireSessionAsync(sessionId, ct);
        if (expiry.Status == SessionExpiryStatus.Unavailable)
        {
            return HoldReleaseResult.Unavailable;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        return await Database.Transactions.RunAsync(dataSource, async (conn, tx) =>
        {
            var locked = await UsageRepository.LockAsync(conn, tx, usageId);
            if (locked is null || !UsageStatus.IsActive(locked.Status))
            {
                return Inactive(locked);
            }

            var lockedPurchase = locked.PurchaseId is { } pid ? await PurchaseRepository.LockAsync(conn, tx, pid) : null;
            if (sessionId is null && lockedPurchase is not null && lockedPurchase.Status == PurchaseStatus.Pending)
            {
                // A checkout started while we looked: leave the hold to it (its time was extended).
                return HoldReleaseResult.NotActive;
            }

            if (expiry.Status == SessionExpiryStatus.Complete)
            {
                if (lockedPurchase is not null && sessionId is not null)
                {
                    lockedPurchase = await PurchaseTransitions.AttachSessionAsync(conn, tx, lockedPurchase, new CheckoutSession(sessionId, lockedPurchase.CheckoutUrl ?? ""), actor, now, locked.CodeId);
                }

                if (!expiry.IsPaid)
                {
                    await UsageTransitions.MarkPaymentPendingAsync(conn, tx, locked, actor, now);
                    return HoldReleaseResult.PaymentPending;
                }

                if (lockedPurchase is not null)
                {
                    await PurchaseTransitions.MarkPaidAsync(conn, tx, lockedPurchase, expiry.PaymentIntentId, actor, now, locked.CodeId);
                }

                await UsageTransitions.ConfirmAsync(conn, tx, locked, actor, now);
                return HoldReleaseResult.Paid;
            }

            if (lockedPurchase is not null)
            {
                await PurchaseTransitions.MoveAsync(conn, tx, lockedPurchase, PurchaseStatus.Expired, actor, now, locked.CodeId);
            }

            await UsageTransitions.ReleaseAsync(conn, tx, locked, reason, actor, now);
            return HoldReleaseResult.Released;
        }, ct);
    }

    private static HoldReleaseResult Inactive(Usage? usage) => usage?.Status switch
    {
        UsageStatus.Confirmed => HoldReleaseResult.Paid,
        UsageStatus.PaymentPending => HoldReleaseResult.PaymentPending,
        _ => HoldReleaseResult.NotActive,
    };
}
