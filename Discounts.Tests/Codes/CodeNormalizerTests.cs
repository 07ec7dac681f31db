using Discounts.Core.Codes;

namespace Discounts.Tests.Codes;

public sealed class CodeNormalizerTests
{
    [Trait("EdgeCase", "EC-031")]
    [Theory]
    [InlineData(" spring25 ", "SPRING25")]
    [InlineData("ＳＰＲＩＮＧ２５", "SPRING25")] // full-width (EC-031)
    [InlineData("spring 25", "SPRING25")]
    [InlineData("vip-2026_a", "VIP-2026_A")]
    public void TryNormalize_LookAlikeInput_FoldsToCanonicalCode(string input, string expected)
    {
        Assert.True(CodeNormalizer.TryNormalize(input, out var code));
        Assert.Equal(expected, code);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ab")]
    [InlineData("' OR 1=1 --")] // EC-032
    [InlineData("<script>alert(1)</script>")]
    [InlineData("SPRING25;DROP TABLE discount_code")]
    [InlineData("ÄBCDEF")]
    [InlineData("\ud800ABC")]
    public void TryNormalize_MalformedInput_Refused(string? input)
    {
        Assert.False(CodeNormalizer.TryNormalize(input, out _));
    }

    [Fact]
    public void TryNormalize_Overlong_Refused()
    {
        Assert.False(CodeNormalizer.TryNormalize(new string('A', 41), out _));
        Assert.True(CodeNormalizer.TryNormalize(new string('A', 40), out _));
    }

    [Fact]
    public void Rule_NamesTheLengthsItChecks() =>
        Assert.StartsWith($"{CodeNormalizer.MinLength}-{CodeNormalizer.MaxLength} ", CodeNormalizer.Rule, StringComparison.Ordinal);
}
