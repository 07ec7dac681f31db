namespace Discounts.Core.Checkout;

/// <summary>Refunds a paid purchase at the payment provider: Stripe, or the local checkout without keys.</summary>
public interface IRefundGateway
{
    /// <summary>
    /// Refunds the whole payment (idempotent per purchase); a refusal is a <see cref="RefundResult.Refused"/> result;
    /// throws <see cref="PaymentProviderUnavailableException"/> when the provider cannot be reached.
    /// </summary>
    Task<RefundResult> RefundAsync(Purchase purchase, CancellationToken ct);
}
