namespace Discounts.Functions.Codes;

public sealed record GenerateDiscountCodesResponse(int Count, string? Campaign, IReadOnlyList<string> Codes);
