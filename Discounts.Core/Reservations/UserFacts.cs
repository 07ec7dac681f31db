namespace Discounts.Core.Reservations;

/// <summary>What the per-user rules need: the user's active holds on the template, uses of the code, any paid purchase.</summary>
public sealed record UserFacts(IReadOnlyList<Usage> ActiveForTemplate, int Uses, bool HasPaidPurchase);
