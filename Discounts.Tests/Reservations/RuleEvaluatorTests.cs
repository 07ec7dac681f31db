using Discounts.Core.Codes;
using Discounts.Core.Common;
using Discounts.Core.Reservations;
using Discounts.Core.Templates;

namespace Discounts.Tests.Reservations;

public sealed class RuleEvaluatorTests
{
    private static readonly DateTime Now = new(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc);
    private static readonly Template Template = new() { Id = Guid.NewGuid(), Price = 4900, Currency = "usd", Active = true };
    private static readonly DiscountCode Code = new() { Id = Guid.NewGuid(), Code = "X", Kind = DiscountKind.Percent, PercentBps = 1000, MaxUsesPerUser = 1 };

    [Fact]
    public void CheckCode_OrderOfRules_IsStable()
    {
        Assert.Equal(RuleCodes.CodeInactive, RuleEvaluator.CheckCode(Code with { Status = CodeStatus.Paused, ExpiresAt = Now }, Template, Now));
        Assert.Equal(RuleCodes.CodeExpired, RuleEvaluator.CheckCode(Code with { ExpiresAt = Now }, null, Now));
        Assert.Equal(RuleCodes.TemplateNotFound, RuleEvaluator.CheckCode(Code, Template with { Active = false }, Now));
        Assert.Equal(RuleCodes.NotApplicable, RuleEvaluator.CheckCode(Code with { TemplateIds = [Guid.NewGuid()] }, Template, Now));
        Assert.Equal(RuleCodes.CurrencyMismatch, RuleEvaluator.CheckCode(Code with { Kind = DiscountKind.Fixed, AmountOff = 100, Currency = "eur" }, Template, Now));
        Assert.Equal(RuleCodes.MinOrderNotMet, RuleEvaluator.CheckCode(Code with { MinOrderAmount = 5000 }, Template, Now));
        Assert.Null(RuleEvaluator.CheckCode(Code with { MinOrderAmount = 4900, StartsAt = Now, ExpiresAt = Now.AddTicks(1) }, Template, Now));
    }

    [Fact]
    public void CheckUser_FirstPurchaseThenPerUserLimit()
    {
        Assert.Equal(RuleCodes.FirstPurchaseOnly, RuleEvaluator.CheckUser(Code with { FirstPurchaseOnly = true }, 0, hasPaidPurchase: true));
        Assert.Equal(RuleCodes.AlreadyUsed, RuleEvaluator.CheckUser(Code, 1, false));
        Assert.Null(RuleEvaluator.CheckUser(Code with { MaxUsesPerUser = 2 }, 1, false));
    }
}
