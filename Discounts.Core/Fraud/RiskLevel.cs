namespace Discounts.Core.Fraud;

public enum RiskLevel
{
    /// <summary>Passes.</summary>
    Low,

    /// <summary>Needs a CAPTCHA, and the usage is flagged for review.</summary>
    Medium,

    /// <summary>Refused (403 risk_blocked).</summary>
    High,
}
