
namespace Discounts.Core.Templates;

/// <summary>What the marketplace sells; price in integer minor units of <see cref="Currency"/> (lower case).</summary>
public sealed record Template
{
    public Guid Id { get; init; }
    public string Slug { get; init; } = "";
    public string Title { get; init; } = "";
    public long Price { get; init; }
    public string Currency { get; init; } = "usd";
    public bool Active { get; init; } = true;

    /// <summary>Starts at 1, one more at every change (GetTemplate's ETag).</summary>
    public int Version { get; init; } = 1;
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
}
