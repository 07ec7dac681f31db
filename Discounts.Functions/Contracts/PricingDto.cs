using Discounts.Core.Pricing;

namespace Discounts.Functions.Contracts;

/// <summary>Amounts in minor units; <c>minimumChargeApplied</c> says the discount was reduced to Stripe's minimum charge (EC-019).</summary>
public sealed record PricingDto(string Currency, long OriginalAmount, long DiscountAmount, long FinalAmount, bool MinimumChargeApplied)
{
    public static PricingDto From(PriceQuote quote) =>
        new(quote.Currency, quote.OriginalAmount, quote.DiscountAmount, quote.FinalAmount, quote.MinimumChargeApplied);
}
