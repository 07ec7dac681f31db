namespace Discounts.Core.Pricing;

/// <summary>
/// A computed price in integer minor units. <see cref="MinimumChargeApplied"/> says the discount was reduced
/// so the customer pays the payment provider's minimum charge (EC-019).
/// </summary>
public sealed record PriceQuote(string Currency, long OriginalAmount, long DiscountAmount, long FinalAmount, bool MinimumChargeApplied);
