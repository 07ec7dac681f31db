namespace Discounts.Core.Reservations;

/// <summary>
/// What the per-user rules need: the user's active holds on the template, uses of the code, any paid purchase,
/// and how many holds the user has open across all codes (EC-044).
/// </summary>
internal sealed record UserFacts(IReadOnlyList<Usage> ActiveForTemplate, int Uses, bool HasPaidPurchase, int ActiveHolds);
