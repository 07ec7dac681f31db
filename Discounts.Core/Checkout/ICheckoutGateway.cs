namespace Discounts.Core.Checkout;

/// <summary>The payment provider's checkout: Stripe Checkout, or the built-in local checkout without keys.</summary>
public interface ICheckoutGateway
{
    /// <summary>Creates (or, for a repeated request, returns) the session; throws <see cref="PaymentProviderUnavailableException"/>.</summary>
    Task<CheckoutSession> CreateSessionAsync(CheckoutSessionRequest request, CancellationToken ct);

    /// <summary>Expires an open session; says so when it was completed instead.</summary>
    Task<SessionExpiry> ExpireSessionAsync(string sessionId, CancellationToken ct);

    /// <summary>The fingerprint of the card that paid, when the provider knows one; throws <see cref="PaymentProviderUnavailableException"/>.</summary>
    Task<string?> GetCardFingerprintAsync(string paymentIntentId, CancellationToken ct);
}
