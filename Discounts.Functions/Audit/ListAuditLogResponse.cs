
namespace Discounts.Functions.Audit;

public sealed record ListAuditLogResponse(IReadOnlyList<AuditEntryResponse> Items, string? NextCursor);
