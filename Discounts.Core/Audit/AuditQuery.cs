namespace Discounts.Core.Audit;

/// <summary>A page of the audit trail, newest first, keyed by id.</summary>
public sealed record AuditQuery
{
    public Guid? CodeId { get; init; }
    public Guid? UsageId { get; init; }
    public Guid? TemplateId { get; init; }
    public string? Actor { get; init; }
    public string? Action { get; init; }
    public DateTime? From { get; init; }
    public DateTime? To { get; init; }
    public long? BeforeId { get; init; }
    public int Limit { get; init; } = 50;
}
