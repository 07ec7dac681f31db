namespace Discounts.Core.Fraud;

/// <summary>Risk thresholds and lists (settings <c>Risk:*</c>).</summary>
public sealed class RiskOptions
{
    public int MediumThreshold { get; set; } = 30;

    public int HighThreshold { get; set; } = 70;

    /// <summary>The level a score is at under these thresholds.</summary>
    public RiskLevel LevelOf(int score) => score >= HighThreshold ? RiskLevel.High : score >= MediumThreshold ? RiskLevel.Medium : RiskLevel.Low;

    /// <summary>Client IPs refused outright (an operator's decision, not a heuristic).</summary>
    public string[] DenyIps { get; set; } = [];
}
