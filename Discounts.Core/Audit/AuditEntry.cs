namespace Discounts.Core.Audit;

/// <summary>One append-only row of <c>discount_audit_log</c>; before/after are stored as jsonb.</summary>
internal sealed record AuditEntry(
    DateTime At,
    string Actor,
    AuditAction Action,
    Guid? CodeId = null,
    Guid? UsageId = null,
    Guid? PurchaseId = null,
    object? Before = null,
    object? After = null,
    string? Ip = null,
    Guid? TemplateId = null);
