namespace Discounts.Core.Fraud;

/// <summary>A score 0..100, its level, and the named reasons that made it (stored on the usage for admins).</summary>
public sealed record RiskAssessment(int Score, RiskLevel Level, IReadOnlyList<string> Reasons);
