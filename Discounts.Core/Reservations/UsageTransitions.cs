using Discounts.Core.Audit;
using Discounts.Core.Codes;
using Npgsql;

namespace Discounts.Core.Reservations;

/// <summary>
/// Every state change of a usage, each on a row the caller has locked, each writing its slot change and its
/// audit row in the caller's transaction. Transitions only move forward (see <see cref="UsageStatus"/>);
/// a transition that does not apply to the current state changes nothing and returns false.
/// </summary>
public static class UsageTransitions
{
    public static async Task<bool> ReleaseAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Usage usage, string reason, string actor, DateTime now, string? ip = null)
    {
        if (!UsageStatus.IsActive(usage.Status))
        {
            return false;
        }

        var after = usage with { Status = UsageStatus.Released, ReleasedAt = now, ReleaseReason = reason, UpdatedAt = now };
        await UsageRepository.UpdateAsync(conn, tx, after);
        await SlotRepository.FreeAsync(conn, tx, usage.Id);
        await AuditLog.WriteAsync(conn, tx, new AuditEntry(now, actor, "usage.released", usage.CodeId, usage.Id, usage.PurchaseId,
            new { status = usage.Status }, new { status = after.Status, reason }, ip));
        return true;
    }

    /// <summary>
    /// The customer paid. An active hold becomes confirmed and keeps its slot. A hold that was already
    /// released (its session expired event came first, EC-008) takes a free slot again; when none is left the
    /// usage becomes <c>over_limit</c> and is flagged for review: money was taken, so the paid state wins,
    /// but the code's limit is never exceeded.
    /// </summary>
    public static async Task<bool> ConfirmAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Usage usage, string actor, DateTime now)
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
            return false;
        }

        var after = usage with { Status = status, ConfirmedAt = now, ReviewStatus = review, UpdatedAt = now };
        await UsageRepository.UpdateAsync(conn, tx, after);
        await AuditLog.WriteAsync(conn, tx, new AuditEntry(now, actor, status == UsageStatus.Confirmed ? "usage.confirmed" : "usage.over_limit",
            usage.CodeId, usage.Id, usage.PurchaseId, new { status = usage.Status }, new { status, reviewStatus = review }));
        return true;
    }

    /// <summary>A delayed payment method was used (EC-012): the hold waits for the outcome, beyond its time.</summary>
    public static async Task<bool> MarkPaymentPendingAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Usage usage, string actor, DateTime now)
    {
        if (usage.Status != UsageStatus.Reserved)
        {
            return false;
        }

        var after = usage with { Status = UsageStatus.PaymentPending, UpdatedAt = now };
        await UsageRepository.UpdateAsync(conn, tx, after);
        await AuditLog.WriteAsync(conn, tx, new AuditEntry(now, actor, "usage.payment_pending", usage.CodeId, usage.Id, usage.PurchaseId,
            new { status = usage.Status }, new { status = after.Status }));
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
        await AuditLog.WriteAsync(conn, tx, new AuditEntry(now, actor, "usage.refunded", usage.CodeId, usage.Id, usage.PurchaseId,
            new { status = usage.Status }, new { status = after.Status, slotReturned }));
        return true;
    }

    /// <summary>Puts the usage in the review queue (a dispute, EC-013).</summary>
    public static async Task<bool> FlagForReviewAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Usage usage, string actor, string why, DateTime now)
    {
        if (usage.ReviewStatus == ReviewStatus.Pending)
        {
            return false;
        }

        var after = usage with { ReviewStatus = ReviewStatus.Pending, UpdatedAt = now };
        await UsageRepository.UpdateAsync(conn, tx, after);
        await AuditLog.WriteAsync(conn, tx, new AuditEntry(now, actor, "usage.flagged", usage.CodeId, usage.Id, usage.PurchaseId,
            new { reviewStatus = usage.ReviewStatus }, new { reviewStatus = after.ReviewStatus, why }));
        return true;
    }
}
