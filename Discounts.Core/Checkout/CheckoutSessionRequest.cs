namespace Discounts.Core.Checkout;

/// <summary>
/// Everything a checkout session is made from. It is derived from the stored purchase alone, so the same
/// request (and idempotency key) can be sent again after a crash or a timeout (EC-023, EC-025).
/// </summary>
public sealed record CheckoutSessionRequest(
    Guid PurchaseId,
    Guid? UsageId,
    string? Code,
    Guid TemplateId,
    string ProductName,
    long Amount,
    string Currency,
    DateTime ExpiresAt,
    string UserId,
    string? Email)
{
    public string IdempotencyKey => $"checkout-session-{PurchaseId:N}";
}
