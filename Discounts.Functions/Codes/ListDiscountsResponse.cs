
namespace Discounts.Functions.Codes;

public sealed record ListDiscountsResponse(IReadOnlyList<DiscountResponse> Items, string? NextCursor);
