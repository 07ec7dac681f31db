namespace Discounts.Core.Audit;

/// <summary>A stored row of <c>discount_audit_log</c>; before/after are the jsonb text.</summary>
public sealed record AuditRecord
{
    public long Id { get; init; }
    public DateTime At { get; init; }
    public string Actor { get; init; } = "";
    public string Action { get; init; } = "";
    public Guid? CodeId { get; init; }
    public Guid? UsageId { get; init; }
    public Guid? PurchaseId { get; init; }
    public Guid? TemplateId { get; init; }
    public string? Before { get; init; }
    public string? After { get; init; }
    public string? Ip { get; init; }
}
