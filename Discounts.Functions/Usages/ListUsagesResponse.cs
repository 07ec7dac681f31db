
namespace Discounts.Functions.Usages;

/// <summary>A page of usages (ListDiscountUsages, ListFlaggedUsages); <c>nextCursor</c> is null on the last page.</summary>
public sealed record ListUsagesResponse(IReadOnlyList<AdminUsageResponse> Items, string? NextCursor);
