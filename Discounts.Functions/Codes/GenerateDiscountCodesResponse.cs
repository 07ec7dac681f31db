namespace Discounts.Functions.Codes;

/// <summary>A generation written in the request: its id and its codes.</summary>
public sealed record GenerateDiscountCodesResponse(Guid GenerationId, int Count, string? Campaign, IReadOnlyList<string> Codes);
