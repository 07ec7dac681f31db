namespace Discounts.Core.Codes;

/// <summary>Filters and keyset cursor of the admin code list.</summary>
public sealed record CodeListFilter
{
    public string? Status { get; init; }
    public string? Campaign { get; init; }
    public string? Query { get; init; }
    public DateTime? AfterCreatedAt { get; init; }
    public Guid? AfterId { get; init; }
    public int Limit { get; init; } = 50;
}
