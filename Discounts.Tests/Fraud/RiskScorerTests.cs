using Discounts.Core.Fraud;

namespace Discounts.Tests.Fraud;

public sealed class RiskScorerTests
{
    private static readonly RiskOptions Options = new();

    [Trait("EdgeCase", "EC-037")]
    [Fact]
    public void EC037_ManyAccountsBehindOneAddress_IpAloneStaysLow()
    {
        var risk = RiskScorer.Score(new RiskSignals { SameIpOtherAccounts = 500 }, Options);
        Assert.Equal(RiskLevel.Low, risk.Level);
        Assert.Equal(RiskScorer.MaxIpWeight, risk.Score);
        Assert.True(RiskScorer.MaxIpWeight < Options.MediumThreshold);
    }

    [Trait("EdgeCase", "EC-014")]
    [Fact]
    public void EC014_SameDeviceAcrossAccounts_MediumThenHigh()
    {
        Assert.Equal(RiskLevel.Medium, RiskScorer.Score(new RiskSignals { SameDeviceOtherAccounts = 1 }, Options).Level);
        Assert.Equal(RiskLevel.High, RiskScorer.Score(new RiskSignals { SameDeviceOtherAccounts = 2 }, Options).Level);
        var combined = RiskScorer.Score(new RiskSignals { SameIpOtherAccounts = 1, DisposableEmail = true, AccountAge = TimeSpan.FromHours(2) }, Options);
        Assert.Equal((50, RiskLevel.Medium), (combined.Score, combined.Level));
        Assert.Equal(["same_ip_other_accounts", "disposable_email", "new_account"], combined.Reasons);
    }

    [Fact]
    public void Score_DeniedIpVelocityFailures_NamedAndCapped()
    {
        Assert.Equal(RiskLevel.High, RiskScorer.Score(new RiskSignals { IpDenied = true }, Options).Level);
        Assert.Equal(30, RiskScorer.Score(new RiskSignals { RecentApplies = 11 }, Options).Score);
        Assert.Equal(20, RiskScorer.Score(new RiskSignals { FailedAttempts = 50 }, Options).Score);
        Assert.Equal(100, RiskScorer.Score(new RiskSignals { IpDenied = true, SameDeviceOtherAccounts = 3 }, Options).Score);
        Assert.Equal(RiskLevel.Low, RiskScorer.Score(new RiskSignals { AccountAge = TimeSpan.FromDays(30) }, Options).Level);
    }

    [Trait("EdgeCase", "EC-044")]
    [Fact]
    public void EC044_HoldsLeftUnpaid_RaiseTheAccountAndDevice_AndTheAddressOnlyWithinItsCap()
    {
        Assert.Equal(0, RiskScorer.Score(new RiskSignals { UnpaidHoldsAccount = 1, UnpaidHoldsDevice = 1 }, Options).Score);
        Assert.Equal(10, RiskScorer.Score(new RiskSignals { UnpaidHoldsAccount = 2 }, Options).Score);
        Assert.Equal((30, RiskLevel.Medium), (RiskScorer.Score(new RiskSignals { UnpaidHoldsAccount = 9 }, Options).Score, RiskScorer.Score(new RiskSignals { UnpaidHoldsAccount = 9 }, Options).Level));
        Assert.Equal(40, RiskScorer.Score(new RiskSignals { UnpaidHoldsDevice = 9 }, Options).Score);
        Assert.Equal(["unpaid_holds_account", "unpaid_holds_device"], RiskScorer.Score(new RiskSignals { UnpaidHoldsAccount = 3, UnpaidHoldsDevice = 3 }, Options).Reasons);

        // The address is shared by honest crowds: everything it contributes stays under the medium threshold (EC-037).
        var crowd = RiskScorer.Score(new RiskSignals { SameIpOtherAccounts = 500, UnpaidHoldsAddress = 500 }, Options);
        Assert.Equal((RiskScorer.MaxIpWeight, RiskLevel.Low), (crowd.Score, crowd.Level));
        Assert.Equal(0, RiskScorer.Score(new RiskSignals { UnpaidHoldsAddress = 5 }, Options).Score);
        Assert.Equal(["unpaid_holds_address"], RiskScorer.Score(new RiskSignals { UnpaidHoldsAddress = 8 }, Options).Reasons);
    }

    [Theory]
    [InlineData("someone@mailinator.com", true)]
    [InlineData("someone@sub.mailinator.com", true)]
    [InlineData("Someone@MAILINATOR.COM", true)]
    [InlineData("someone@example.com", false)]
    [InlineData("not-an-address", false)]
    [InlineData(null, false)]
    public void DisposableEmail_FromTheShippedList(string? email, bool disposable)
    {
        Assert.True(DisposableEmailDomains.Count > 100_000);
        Assert.Equal(disposable, DisposableEmailDomains.IsDisposable(email));
    }
}
