using Discounts.Core.Checkout;
using Discounts.Functions.Contracts;

namespace Discounts.Functions.Checkout;

/// <summary>The answer of checkout (with the session) and of GetPurchase.</summary>
public sealed record PurchaseResponse(
    Guid PurchaseId,
    string Status,
    Guid TemplateId,
    string? Code,
    string? CheckoutUrl,
    string? SessionId,
    DateTime ExpiresAt,
    DateTime? PaidAt,
    PricingDto Pricing)
{
    public static PurchaseResponse From(Purchase purchase, string? code) => new(
        purchase.Id,
        purchase.Status,
        purchase.TemplateId,
        code,
        purchase.Status == PurchaseStatus.Pending ? purchase.CheckoutUrl : null,
        purchase.StripeSessionId,
        purchase.SessionExpiresAt,
        purchase.PaidAt,
        new PricingDto(purchase.Currency, purchase.OriginalAmount, purchase.DiscountAmount, purchase.FinalAmount, false));
}
