using Discounts.Functions.Contracts;

namespace Discounts.Functions.Functions;

public sealed record ListAuditLogResponse(IReadOnlyList<AuditEntryResponse> Items, string? NextCursor);
