using Discounts.Core.Codes;
using Discounts.Core.Reservations;
using Discounts.Functions.Contracts;

namespace Discounts.Functions.Codes;

/// <summary>A code as admins see it, with its usage counts.</summary>
public sealed record DiscountResponse(
    Guid Id,
    string Code,
    string Description,
    DiscountTermsDto Discount,
    int? MaxUses,
    int MaxUsesPerUser,
    long? MinOrderAmount,
    Guid[] TemplateIds,
    bool FirstPurchaseOnly,
    DateTime? StartsAt,
    DateTime? ExpiresAt,
    string Status,
    string? Campaign,
    bool RefundReleasesSlot,
    int Version,
    string CreatedBy,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    CodeUsageCounts? Usage)
{
    public static DiscountResponse From(DiscountCode code, CodeUsageCounts? counts) => new(
        code.Id, code.Code, code.Description, DiscountTermsDto.From(code.Kind, code.PercentBps, code.AmountOff, code.Currency),
        code.MaxUses, code.MaxUsesPerUser, code.MinOrderAmount, code.TemplateIds, code.FirstPurchaseOnly, code.StartsAt,
        code.ExpiresAt, code.Status, code.Campaign, code.RefundReleasesSlot, code.Version, code.CreatedBy, code.CreatedAt,
        code.UpdatedAt, counts);
}
