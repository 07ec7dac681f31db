using Discounts.Core.Codes;

namespace Discounts.Functions.Functions;

/// <summary>The create body's terms, plus how many codes and their shape (each code is single-use).</summary>
public sealed record GenerateDiscountCodesRequest
{
    public int Count { get; init; }
    public string? Prefix { get; init; }
    public int? Length { get; init; }
    public string? Description { get; init; }
    public string? Kind { get; init; }
    public decimal? PercentOff { get; init; }
    public long? AmountOff { get; init; }
    public string? Currency { get; init; }
    public DateTimeOffset? StartsAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public long? MinOrderAmount { get; init; }
    public Guid[]? TemplateIds { get; init; }
    public bool FirstPurchaseOnly { get; init; }
    public string? Campaign { get; init; }

    public CodeBatch ToBatch() => new()
    {
        Count = Count,
        Prefix = Prefix?.Trim().ToUpperInvariant() ?? "",
        Length = Length ?? CodeGenerator.DefaultLength,
        Terms = new NewDiscountCode
        {
            Description = Description, Kind = Kind, PercentOff = PercentOff, AmountOff = AmountOff, Currency = Currency,
            StartsAt = StartsAt, ExpiresAt = ExpiresAt, MinOrderAmount = MinOrderAmount, TemplateIds = TemplateIds,
            FirstPurchaseOnly = FirstPurchaseOnly, Campaign = Campaign, MaxUses = 1, MaxUsesPerUser = 1,
        },
    };
}
