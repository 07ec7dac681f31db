namespace Discounts.Core.Audit;

/// <summary>
/// What an audit row records (column <c>discount_audit_log.action</c>): one value per kind of change the service
/// makes, so a writer cannot misspell one and a reader (the console, the analytics rollup, the fault suite's
/// checks) can find every writer of it.
/// </summary>
public readonly record struct AuditAction(string Name)
{
    public static readonly AuditAction CodeCreated = new("code.created");
    public static readonly AuditAction CodeUpdated = new("code.updated");
    public static readonly AuditAction CodeArchived = new("code.archived");
    public static readonly AuditAction CodeDeleted = new("code.deleted");
    public static readonly AuditAction CodesGenerated = new("codes.generated");

    public static readonly AuditAction UsageReserved = new("usage.reserved");
    public static readonly AuditAction UsageCheckoutStarted = new("usage.checkout_started");
    public static readonly AuditAction UsagePaymentPending = new("usage.payment_pending");
    public static readonly AuditAction UsageConfirmed = new("usage.confirmed");
    public static readonly AuditAction UsageOverLimit = new("usage.over_limit");
    public static readonly AuditAction UsageReleased = new("usage.released");
    public static readonly AuditAction UsageRefunded = new("usage.refunded");
    public static readonly AuditAction UsageFlagged = new("usage.flagged");
    public static readonly AuditAction UsageReviewed = new("usage.reviewed");
    public static readonly AuditAction UsageRiskReassessed = new("usage.risk_reassessed");

    public static readonly AuditAction PurchaseCreated = new("purchase.created");
    public static readonly AuditAction PurchaseSessionAttached = new("purchase.session_attached");

    public static readonly AuditAction TemplateCreated = new("template.created");
    public static readonly AuditAction TemplateUpdated = new("template.updated");

    public static readonly AuditAction ReconcileSlotRowsFixed = new("reconcile.slot_rows_fixed");
    public static readonly AuditAction ReconcileSlotFreed = new("reconcile.slot_freed");
    public static readonly AuditAction ReconcileSlotAttached = new("reconcile.slot_attached");

    /// <summary>A purchase moving to <paramref name="status"/> (paid, failed, expired, refunded): <c>purchase.&lt;status&gt;</c>.</summary>
    public static AuditAction PurchaseMovedTo(string status) => new("purchase." + status);

    public override string ToString() => Name;
}
