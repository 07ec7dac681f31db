using Discounts.Functions.Contracts;

namespace Discounts.Functions.Functions;

public sealed record ListDiscountsResponse(IReadOnlyList<DiscountResponse> Items, string? NextCursor);
