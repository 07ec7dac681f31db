using Discounts.Core.Reservations;
using Discounts.Functions.Contracts;

namespace Discounts.Functions.Reservations;

public sealed record ReservationResponse(
    Guid ReservationId,
    string Status,
    string Code,
    Guid TemplateId,
    DateTime ExpiresAt,
    DiscountTermsDto Discount,
    PricingDto Pricing)
{
    public static ReservationResponse From(Usage usage) => new(
        usage.Id,
        usage.Status,
        usage.Code,
        usage.TemplateId,
        usage.ExpiresAt,
        DiscountTermsDto.From(usage.Kind, usage.PercentBps, usage.AmountOff, usage.Kind == "fixed" ? usage.Currency : null),
        new PricingDto(usage.Currency, usage.OriginalAmount, usage.DiscountAmount, usage.FinalAmount, usage.MinimumChargeApplied));
}
