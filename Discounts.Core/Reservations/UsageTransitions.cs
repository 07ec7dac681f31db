using Discounts.Core.Audit;
using Discounts.Core.Codes;
using Npgsql;

namespace Discounts.Core.Reservations;

/// <summary>
/// Every state change of a usage, each on a row the caller has locked, each writing its slot change and its
/// audit row in the caller's transaction. Transitions only move forward (see <see cref="UsageStatus"/>);
/// a transition that does not apply to the current state changes nothing and returns false.
/// </summary>
internal static class UsageTransitions
{
    public static async Task<bool> ReleaseAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Usage usage, string reason, string actor, DateTime now, string? ip = null)
    {
        if (!UsageStatus.IsActive(usage.Status))
        {
            return false;
        }

        var after = usage with { Status = UsageStatus.Released, ReleasedAt = now, ReleaseReason = reason, UpdatedAt = now };
        await AuditLog.WriteWithAsync(conn, tx, $"{UsageRepository.UpdateSql};\n{SlotRepository.FreeSql}", after, new AuditEntry(now, actor, AuditAction.UsageReleased,
            usage.CodeId, usage.Id, usage.PurchaseId, new { status = usage.Status }, new { status = after.Status, reason }, ip));
        return true;
    }

    /// <summary>
    /// Releases reserved holds whose time ran out and that never reached a checkout (the release job's batches, locked
    /// by the caller): one statement for the rows, one for their slots, one for their audit rows.
    /// </summary>
    public static async Task ReleaseExpiredAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<(Guid Id, Guid CodeId)> holds, string actor, DateTime now)
    {
        var ids = holds.Select(h => h.Id).ToArray();
        await UsageRepository.ReleaseReservedAsync(conn, tx, ids, ReleaseReason.Expired, now);
        await SlotRepository.FreeManyAsync(conn, tx, ids);
        await AuditLog.WriteAllAsync(conn, tx, holds.Select(h => new AuditEntry(now, actor, AuditAction.UsageReleased, h.CodeId, h.Id,
            Before: new { status = UsageStatus.Reserved }, After: new { status = UsageStatus.Released, reason = ReleaseReason.Expired })).ToList());
    }

    /// <summary>
    /// The customer paid. An active hold becomes confirmed and keeps its slot. A hold that was already
    /// released (its session expired event came first, EC-008) takes a free slot again; when none is left the
    /// usage becomes <c>over_limit</c> and is flagged for review: money was taken, so the paid state wins,
    /// but the code's limit is never exceeded.
    /// </summary>
    public static async Task<Usage?> ConfirmAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Usage usage, string actor, DateTime now)
    {
        string status;
        var review = usage.ReviewStatus;
        if (UsageStatus.IsActive(usage.Status))
        {
            status = UsageStatus.Confirmed;
        }
        else if (usage.Status == UsageStatus.Released)
        {
            var code = await DiscountCodeRepository.FindByIdAsync(conn, usage.CodeId, tx)
                ?? throw new InvalidOperationException($"usage {usage.Id} has no code");
            var hasSlot = code.MaxUses is null || await SlotRepository.TryClaimAsync(conn, tx, code.Id, usage.Id) is not null;
            status = hasSlot ? UsageStatus.Confirmed : UsageStatus.OverLimit;
            if (!hasSlot)
            {
                review = ReviewStatus.Pending;
            }
        }
        else
        {
            return null;
        }

        var after = usage with { Status = status, ConfirmedAt = now, ReviewStatus = review, UpdatedAt = now };
        await AuditLog.WriteWithAsync(conn, tx, UsageRepository.UpdateSql, after, new AuditEntry(now, actor,
            status == UsageStatus.Confirmed ? AuditAction.UsageConfirmed : AuditAction.UsageOverLimit,
            usage.CodeId, usage.Id, usage.PurchaseId, new { status = usage.Status }, new { status, reviewStatus = review }));
        return after;
    }

    /// <summary>A delayed payment method was used (EC-012): the hold waits for the outcome, beyond its time.</summary>
    public static async Task<bool> MarkPaymentPendingAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Usage usage, string actor, DateTime now)
    {
        if (usage.Status != UsageStatus.Reserved)
        {
            return false;
        }

        var after = usage with { Status = UsageStatus.PaymentPending, UpdatedAt = now };
        await AuditLog.WriteWithAsync(conn, tx, UsageRepository.UpdateSql, after, new AuditEntry(now, actor, AuditAction.UsagePaymentPending,
            usage.CodeId, usage.Id, usage.PurchaseId, new { status = usage.Status }, new { status = after.Status }));
        return true;
    }

    /// <summary>The payment was refunded (EC-013): the slot comes back only if the code says so.</summary>
    public static async Task<bool> RefundAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Usage usage, string actor, DateTime now)
    {
        if (usage.Status is not (UsageStatus.Confirmed or UsageStatus.OverLimit))
        {
            return false;
        }

        var code = await DiscountCodeRepository.FindByIdAsync(conn, usage.CodeId, tx)
            ?? throw new InvalidOperationException($"usage {usage.Id} has no code");
        var after = usage with { Status = UsageStatus.Refunded, UpdatedAt = now };
        await UsageRepository.UpdateAsync(conn, tx, after);
        var slotReturned = code.RefundReleasesSlot && await SlotRepository.FreeAsync(conn, tx, usage.Id) > 0;
        await AuditLog.WriteAsync(conn, tx, new AuditEntry(now, actor, AuditAction.UsageRefunded, usage.CodeId, usage.Id, usage.PurchaseId,
            new { status = usage.Status }, new { status = after.Status, slotReturned }));
        return true;
    }

    /// <summary>
    /// A checkout began for the hold: it points at its purchase and, once only, is extended to one hold length from
    /// now (invariant 5).
    /// </summary>
    public static async Task<Usage> StartCheckoutAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Usage usage, Guid purchaseId, long finalAmount, string currency, TimeSpan holdLength, string actor, DateTime now, string? ip)
    {
        var after = (usage.ExtendedAt is null ? usage with { ExpiresAt = now + holdLength, ExtendedAt = now } : usage) with { PurchaseId = purchaseId, UpdatedAt = now };
        await AuditLog.WriteWithAsync(conn, tx, UsageRepository.UpdateSql, after, new AuditEntry(now, actor, AuditAction.UsageCheckoutStarted,
            usage.CodeId, usage.Id, purchaseId, new { usage.ExpiresAt }, new { after.ExpiresAt, FinalAmount = finalAmount, Currency = currency }, ip));
        return after;
    }

    /// <summary>
    /// Records the provider's session on the hold (once). Its audit row is the purchase's
    /// <c>purchase.session_attached</c>, which names this usage and is written in the same transaction.
    /// </summary>
    public static async Task<Usage> AttachSessionAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Usage usage, string sessionId, DateTime now)
    {
        if (usage.StripeSessionId is not null)
        {
            return usage;
        }

        var after = usage with { StripeSessionId = sessionId, UpdatedAt = now };
        await UsageRepository.UpdateAsync(conn, tx, after);
        return after;
    }

    /// <summary>An admin's decision on a usage in the queue; <paramref name="statusBefore"/> is the usage's status before a refund the decision made.</summary>
    public static async Task<Usage> ReviewAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Usage usage, string reviewStatus, string statusBefore, string? note, string? refundId, string actor, DateTime now, string? ip)
    {
        var after = usage with { ReviewStatus = reviewStatus, UpdatedAt = now };
        await AuditLog.WriteWithAsync(conn, tx, UsageRepository.UpdateSql, after, new AuditEntry(now, actor, AuditAction.UsageReviewed, usage.CodeId, usage.Id,
            usage.PurchaseId, new { reviewStatus = usage.ReviewStatus, status = statusBefore }, new { reviewStatus, status = after.Status, note, refundId }, ip));
        return after;
    }

    /// <summary>The usage scored again when it was paid (EC-014): its risk, its reasons and, above the threshold, the queue.</summary>
    public static async Task ReassessRiskAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Usage usage, int score, string[] reasons, string reviewStatus, string actor, DateTime now)
    {
        await AuditLog.WriteWithAsync(conn, tx, UsageRepository.UpdateRiskSql, new { UsageId = usage.Id, Score = score, Signals = Common.Json.Serialize(reasons)!, ReviewStatus = reviewStatus, Now = now },
            new AuditEntry(now, actor, AuditAction.UsageRiskReassessed, usage.CodeId, usage.Id, usage.PurchaseId,
                new { usage.RiskScore, usage.ReviewStatus }, new { riskScore = score, reviewStatus, reasons }));
    }

    /// <summary>Puts the usage in the review queue (a dispute, EC-013).</summary>
    public static async Task<bool> FlagForReviewAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Usage usage, string actor, string why, DateTime now)
    {
        if (usage.ReviewStatus == ReviewStatus.Pending)
        {
            return false;
        }

        var after = usage with { ReviewStatus = ReviewStatus.Pending, UpdatedAt = now };
        await AuditLog.WriteWithAsync(conn, tx, UsageRepository.UpdateSql, after, new AuditEntry(now, actor, AuditAction.UsageFlagged, usage.CodeId, usage.Id,
            usage.PurchaseId, new { reviewStatus = usage.ReviewStatus }, new { reviewStatus = after.ReviewStatus, why }));
        return true;
    }
}
