using Discounts.Core.Audit;
using Discounts.Core.Checkout;
using Discounts.Core.Codes;
using Discounts.Core.Common;
using Discounts.Core.Database;
using Discounts.Core.Reservations;
using Npgsql;

namespace Discounts.Core.Usages;

/// <summary>The review queue and the admin's hand on usages: list, approve or reject (refund), release.</summary>
public sealed class UsageAdminService(NpgsqlDataSource dataSource, TimeProvider clock, IRefundGateway refunds, HoldReleaser holdReleaser)
{
    /// <summary>A page of usages, newest first; null when <see cref="UsageQuery.CodeId"/> names no code.</summary>
    public async Task<IReadOnlyList<Usage>?> ListAsync(UsageQuery query, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return query.CodeId is { } codeId && await DiscountCodeRepository.FindByIdAsync(conn, codeId) is null
            ? null
            : await AdminUsageRepository.ListAsync(conn, query);
    }

    /// <summary>The review queue: usages whose review is pending, newest first (keyed by reserved_at, id).</summary>
    public async Task<IReadOnlyList<Usage>> ListFlaggedAsync(DateTime? afterReservedAt, Guid? afterId, int limit, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await AdminUsageRepository.ListAsync(conn, new UsageQuery { ReviewStatus = ReviewStatus.Pending, AfterReservedAt = afterReservedAt, AfterId = afterId, Limit = limit });
    }

    public async Task<Usage?> FindAsync(Guid usageId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await UsageRepository.FindAsync(conn, usageId);
    }

    /// <summary>
    /// What rejecting the usage would do, for a confirmation before it: the usage, its purchase, and the payment
    /// that a rejection refunds through the provider (null when none: not paid, or nothing was charged).
    /// </summary>
    public async Task<RejectPreview?> PreviewRejectAsync(Guid usageId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var usage = await UsageRepository.FindAsync(conn, usageId);
        if (usage is null)
        {
            return null;
        }

        var purchase = usage.PurchaseId is { } pid ? await PurchaseRepository.FindAsync(conn, pid) : null;
        var refunds = usage.ReviewStatus != "rejected" && RejectRefunds(usage, purchase) && purchase is { FinalAmount: > 0 };
        return new RejectPreview(usage, purchase, refunds ? purchase : null);
    }

    /// <summary>A rejection refunds a usage that was paid for: confirmed (or over the limit) with its purchase paid.</summary>
    private static bool RejectRefunds(Usage usage, Purchase? purchase) =>
        usage.Status is UsageStatus.Confirmed or UsageStatus.OverLimit && purchase is { Status: PurchaseStatus.Paid };

    /// <summary>
    /// Approve marks the usage approved. Reject marks it rejected and, when it was paid, refunds the payment
    /// first (EC-039): the provider is called outside the transaction with an idempotency key per purchase, so a
    /// retry after a lost answer refunds once; if the provider is down nothing changes here.
    /// </summary>
    public async Task<Outcome<ReviewResult>> ReviewAsync(Guid usageId, string decision, string? note, string actor, string? ip, CancellationToken ct)
    {
        Usage? usage;
        Purchase? purchase;
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
            usage = await UsageRepository.FindAsync(conn, usageId);
            if (usage is null)
            {
                return Outcome<ReviewResult>.Fail(Errors.NotFound);
            }

            purchase = usage.PurchaseId is { } pid ? await PurchaseRepository.FindAsync(conn, pid) : null;
        }

        if (usage.ReviewStatus == ReviewStatus.Rejected)
        {
            return decision == ReviewDecision.Reject
                ? Outcome<ReviewResult>.Ok(new ReviewResult(usage, null))
                : Outcome<ReviewResult>.Fail(Errors.Conflict, "The usage was rejected already.");
        }

        string? refundId = null;
        var refund = decision == ReviewDecision.Reject && RejectRefunds(usage, purchase);
        if (refund && purchase is { FinalAmount: > 0 })
        {
            if (purchase.StripePaymentIntentId is null)
            {
                return Outcome<ReviewResult>.Fail(Errors.Conflict, "The purchase has no payment to refund at the provider.");
            }

            RefundResult result;
            try
            {
                result = await refunds.RefundAsync(purchase, ct);
            }
            catch (PaymentProviderUnavailableException ex)
            {
                return Outcome<ReviewResult>.Fail(Errors.Unavailable, ex.Message);
            }

            if (result.IsRefused)
            {
                return Outcome<ReviewResult>.Fail(Errors.Conflict, $"The payment provider refused the refund: {result.Reason}");
            }

            refundId = result.Id;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        return await Transactions.RunAsync(dataSource, async (conn, tx) =>
        {
            var locked = await UsageRepository.LockAsync(conn, tx, usageId);
            if (locked is null)
            {
                return Outcome<ReviewResult>.Fail(Errors.NotFound);
            }

            if (refund)
            {
                var lockedPurchase = await PurchaseRepository.LockAsync(conn, tx, purchase!.Id);
                if (lockedPurchase is not null)
                {
                    await PurchaseTransitions.MoveAsync(conn, tx, lockedPurchase, PurchaseStatus.Refunded, actor, now, locked.CodeId);
                }

                if (await UsageTransitions.RefundAsync(conn, tx, locked, actor, now))
                {
                    locked = (await UsageRepository.LockAsync(conn, tx, usageId))!;
                }
            }

            var reviewStatus = decision == ReviewDecision.Approve ? ReviewStatus.Approved : ReviewStatus.Rejected;
            var after = await UsageTransitions.ReviewAsync(conn, tx, locked, reviewStatus, usage.Status, note, refundId, actor, now, ip);
            return Outcome<ReviewResult>.Ok(new ReviewResult(after, refundId));
        }, ct);
    }

    /// <summary>
    /// Releases a hold by hand under the expire-first protocol (the session is expired before the slot returns), and
    /// returns what happened with the usage as it stands after. Not found, or the provider unreachable: a failure.
    /// </summary>
    public async Task<Outcome<AdminRelease>> ReleaseAsync(Guid usageId, string actor, CancellationToken ct)
    {
        var result = await holdReleaser.ReleaseAsync(usageId, ReleaseReason.Admin, actor, ct);
        if (result == HoldReleaseResult.Unavailable)
        {
            return Outcome<AdminRelease>.Fail(Errors.Unavailable, "The payment provider could not be reached; the hold is kept.");
        }

        return await FindAsync(usageId, ct) is { } usage
            ? Outcome<AdminRelease>.Ok(new AdminRelease(result, usage))
            : Outcome<AdminRelease>.Fail(Errors.NotFound);
    }
}
