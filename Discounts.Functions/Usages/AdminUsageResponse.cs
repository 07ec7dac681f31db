using System.Text.Json;
using Discounts.Core.Reservations;
using Discounts.Functions.Contracts;

namespace Discounts.Functions.Usages;

/// <summary>A usage as admins see it: who (and from which address and device), what, the frozen amounts, its state and its risk.</summary>
public sealed record AdminUsageResponse(
    Guid Id,
    Guid CodeId,
    string Code,
    string Status,
    string UserId,
    string? Email,
    string? ClientIp,
    string? DeviceFingerprint,
    Guid TemplateId,
    PricingDto Pricing,
    int RiskScore,
    JsonElement RiskSignals,
    string ReviewStatus,
    Guid? PurchaseId,
    DateTime ReservedAt,
    DateTime ExpiresAt,
    DateTime? ConfirmedAt,
    DateTime? ReleasedAt,
    string? ReleaseReason,
    DateTime UpdatedAt)
{
    public static AdminUsageResponse From(Usage u)
    {
        using var signals = JsonDocument.Parse(u.RiskSignals);
        return new(u.Id, u.CodeId, u.Code, u.Status, u.UserId, u.Email, u.ClientIp, u.DeviceFingerprint, u.TemplateId,
            new PricingDto(u.Currency, u.OriginalAmount, u.DiscountAmount, u.FinalAmount, u.MinimumChargeApplied),
            u.RiskScore, signals.RootElement.Clone(), u.ReviewStatus, u.PurchaseId, u.ReservedAt, u.ExpiresAt, u.ConfirmedAt,
            u.ReleasedAt, u.ReleaseReason, u.UpdatedAt);
    }
}
