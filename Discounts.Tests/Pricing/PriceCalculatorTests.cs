using Discounts.Core.Codes;
using Discounts.Core.Pricing;

namespace Discounts.Tests.Pricing;

public sealed class PriceCalculatorTests
{
    [Theory]
    [InlineData(4900, 2500, 1225, 3675)]
    [InlineData(999, 3333, 332, 667)] // 332.9667 rounds down: never more than promised
    [InlineData(1, 5000, 0, 1)]
    [InlineData(long.MaxValue / 2, 10000, long.MaxValue / 2, 0)]
    public void Quote_Percent_FloorsTheDiscount(long price, int bps, long discount, long final)
    {
        var quote = PriceCalculator.Quote(price, "usd", DiscountKind.Percent, bps, null);
        Assert.Equal((discount, final, false), (quote.DiscountAmount, quote.FinalAmount, quote.MinimumChargeApplied));
    }

    [Trait("EdgeCase", "EC-018")]
    [Fact]
    public void EC018_FixedAbovePrice_CappedAtPrice()
    {
        var quote = PriceCalculator.Quote(1500, "usd", DiscountKind.Fixed, null, 5000);
        Assert.Equal((1500L, 0L), (quote.DiscountAmount, quote.FinalAmount));
    }

    [Trait("EdgeCase", "EC-019")]
    [Theory]
    [InlineData("usd", 1000, 9700, 50)]
    [InlineData("gbp", 1000, 9900, 30)]
    [InlineData("jpy", 1000, 9990, 50)]
    public void EC019_BelowMinimumCharge_RaisedToMinimum(string currency, long price, int bps, long minimum)
    {
        var quote = PriceCalculator.Quote(price, currency, DiscountKind.Percent, bps, null);
        Assert.Equal(minimum, quote.FinalAmount);
        Assert.Equal(price - minimum, quote.DiscountAmount);
        Assert.True(quote.MinimumChargeApplied);
    }

    [Trait("EdgeCase", "EC-019")]
    [Fact]
    public void EC019_PriceItselfBelowMinimum_NotRaisedAbovePrice()
    {
        var quote = PriceCalculator.Quote(40, "usd", DiscountKind.Percent, 1000, null);
        Assert.Equal((4L, 36L, false), (quote.DiscountAmount, quote.FinalAmount, quote.MinimumChargeApplied));
    }
}
