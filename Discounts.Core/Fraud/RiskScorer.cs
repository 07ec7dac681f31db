namespace Discounts.Core.Fraud;

/// <summary>
/// The risk score: a pure function of the signals, so every rule is unit-tested. Weights are additive and capped
/// per signal. Everything an address contributes (other accounts on the code from it, holds left unpaid from it)
/// adds at most <see cref="MaxIpWeight"/> together, below the medium threshold: many honest shoppers behind one NAT
/// address are never challenged or blocked for the address alone (EC-037). Holds left to expire unpaid (EC-044:
/// denial of inventory) weigh on the account and the device that left them; one is forgiven, as anyone may walk away.
/// </summary>
internal static class RiskScorer
{
    public const int MaxIpWeight = 20;

    public static RiskAssessment Score(RiskSignals signals, RiskOptions options)
    {
        var score = 0;
        var reasons = new List<string>();
        void Add(int weight, string reason)
        {
            if (weight > 0)
            {
                score += weight;
                reasons.Add(reason);
            }
        }

        if (signals.IpDenied)
        {
            Add(100, "ip_denied");
        }

        var ipWeight = Math.Min(MaxIpWeight, 10 * signals.SameIpOtherAccounts);
        Add(ipWeight, "same_ip_other_accounts");
        Add(Math.Min(MaxIpWeight - ipWeight, 2 * Math.Max(0, signals.UnpaidHoldsAddress - 5)), "unpaid_holds_address");
        Add(Math.Min(70, 35 * signals.SameDeviceOtherAccounts), "same_device_other_accounts");
        Add(signals.DisposableEmail ? 25 : 0, "disposable_email");
        Add(signals.RecentApplies switch { > 10 => 30, > 5 => 15, _ => 0 }, "velocity");
        Add(Math.Min(20, 5 * signals.FailedAttempts), "failed_attempts");
        Add(Math.Min(80, 40 * signals.SameCardOtherAccounts), "same_card_other_accounts");
        Add(Math.Min(30, 10 * Math.Max(0, signals.UnpaidHoldsAccount - 1)), "unpaid_holds_account");
        Add(Math.Min(40, 10 * Math.Max(0, signals.UnpaidHoldsDevice - 1)), "unpaid_holds_device");
        Add(signals.AccountAge switch { { } age when age < TimeSpan.FromDays(1) => 15, { } age when age < TimeSpan.FromDays(7) => 5, _ => 0 }, "new_account");

        score = Math.Min(100, score);
        return new RiskAssessment(score, options.LevelOf(score), reasons);
    }
}
