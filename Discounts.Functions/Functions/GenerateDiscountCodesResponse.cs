namespace Discounts.Functions.Functions;

public sealed record GenerateDiscountCodesResponse(int Count, string? Campaign, IReadOnlyList<string> Codes);
