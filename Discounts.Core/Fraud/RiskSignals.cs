namespace Discounts.Core.Fraud;

/// <summary>What the queries found about one apply: the facts the risk score is computed from.</summary>
public sealed record RiskSignals
{
    /// <summary>Other accounts holding or having used this code from the same client IP.</summary>
    public int SameIpOtherAccounts { get; init; }

    /// <summary>Other accounts holding or having used this code from the same device fingerprint.</summary>
    public int SameDeviceOtherAccounts { get; init; }

    public bool DisposableEmail { get; init; }

    /// <summary>The user's reservations (any code) in the last hour.</summary>
    public int RecentApplies { get; init; }

    /// <summary>Unknown codes tried from this IP or by this user in the current rate-limit window.</summary>
    public int FailedAttempts { get; init; }

    /// <summary>Age of the account when the token says when it was created.</summary>
    public TimeSpan? AccountAge { get; init; }

    public bool IpDenied { get; init; }

    /// <summary>Holds of this account (any code) that expired unpaid in the last 24 hours (EC-044).</summary>
    public int UnpaidHoldsAccount { get; init; }

    /// <summary>Holds from this device fingerprint (any account, any code) that expired unpaid in the last 24 hours.</summary>
    public int UnpaidHoldsDevice { get; init; }

    /// <summary>Holds from this client address (any account, any code) that expired unpaid in the last 24 hours.</summary>
    public int UnpaidHoldsAddress { get; init; }

    /// <summary>At confirmation: other accounts that paid with the same card for this one-per-user code.</summary>
    public int SameCardOtherAccounts { get; init; }
}
