namespace Discounts.Core.Fraud;

/// <summary>Who is applying, and since when recent activity counts: the parameters of the apply's signal query.</summary>
public sealed record RiskSignalQuery(string UserId, string? Ip, string? Device, string[] Subjects, DateTime Since, DateTime WindowFloor);
