namespace Discounts.Core.Codes;

/// <summary>A row of <c>code_generation</c>: a campaign of single-use codes and how far its writing has come. Times are UTC.</summary>
public sealed record CodeGeneration
{
    public Guid Id { get; init; }
    public int Count { get; init; }
    public int Generated { get; init; }
    public string Prefix { get; init; } = "";
    public int Length { get; init; }

    /// <summary>The shared terms (<see cref="NewDiscountCode"/>, as JSON).</summary>
    public string Terms { get; init; } = "{}";
    public string? Campaign { get; init; }
    public string Status { get; init; } = CodeGenerationStatus.Queued;
    public string? Error { get; init; }
    public string CreatedBy { get; init; } = "";
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public DateTime? FinishedAt { get; init; }
}
