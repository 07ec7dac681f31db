using Discounts.Core.Codes;
using Discounts.Core.Pricing;

namespace Discounts.Core.Reservations;

/// <summary>Validate's answer: valid with a price, or the rule code that refused.</summary>
public sealed record Validation(bool Valid, string Code, DiscountCode? Discount, PriceQuote? Price, string? Reason);
