namespace Discounts.Core.Fraud;

/// <summary>
/// Who is applying, and since when recent activity counts: the parameters of the apply's signal query.
/// <paramref name="FailedSubject"/> is the rate-limit subject whose failed attempts count (the user's own, EC-015).
/// </summary>
public sealed record RiskSignalQuery(string UserId, string? Ip, string? Device, string FailedSubject, DateTime Since, DateTime WindowFloor, DateTime UnpaidSince);
