using Discounts.Core.Codes;

namespace Discounts.Core.Pricing;

/// <summary>
/// The one pricing rule of the service, in integer minor units:
/// <list type="bullet">
/// <item>percent: discount = floor(price x basis points / 10000) — rounding always favours the merchant, so the
/// service never gives more than the code promises;</item>
/// <item>fixed: discount = min(amount off, price) (EC-018);</item>
/// <item>a final price between zero and Stripe's minimum charge is raised to the minimum by reducing the
/// discount (EC-019); a final price of exactly zero stays zero (free checkout without Stripe).</item>
/// </list>
/// </summary>
internal static class PriceCalculator
{
    // Stripe's minimum charge amounts in minor units (https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts).
    private static readonly Dictionary<string, long> MinimumCharges = new(StringComparer.Ordinal)
    {
        ["usd"] = 50, ["aed"] = 200, ["aud"] = 50, ["bgn"] = 100, ["brl"] = 50, ["cad"] = 50, ["chf"] = 50,
        ["czk"] = 1500, ["dkk"] = 250, ["eur"] = 50, ["gbp"] = 30, ["hkd"] = 400, ["huf"] = 17500, ["inr"] = 50,
        ["jpy"] = 50, ["mxn"] = 1000, ["myr"] = 200, ["nok"] = 300, ["nzd"] = 50, ["pln"] = 200, ["ron"] = 200,
        ["sek"] = 300, ["sgd"] = 50, ["thb"] = 1000,
    };

    /// <summary>The minimum charge for a currency; 50 minor units where Stripe lists none here.</summary>
    public static long MinimumCharge(string currency) => MinimumCharges.GetValueOrDefault(currency, 50);

    public static PriceQuote Quote(long price, string currency, string kind, int? percentBps, long? amountOff)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(price);
        long discount = kind switch
        {
            DiscountKind.Percent => (long)(Int128.Max(0, (Int128)price * (percentBps ?? 0)) / 10_000),
            DiscountKind.Fixed => Math.Min(amountOff ?? 0, price),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown discount kind"),
        };

        var final = price - discount;
        var minimum = MinimumCharge(currency);
        var raised = false;
        if (final > 0 && final < minimum && price >= minimum)
        {
            final = minimum;
            discount = price - minimum;
            raised = true;
        }

        return new PriceQuote(currency, price, discount, final, raised);
    }

    public static PriceQuote Quote(long price, string currency, DiscountCode code) =>
        Quote(price, currency, code.Kind, code.PercentBps, code.AmountOff);

    public static PriceQuote FullPrice(long price, string currency) => new(currency, price, 0, price, false);
}
