namespace Discounts.Core.Checkout;

/// <summary>The payment provider did not answer usefully (network, 5xx, 429, or a refused request).</summary>
public sealed class PaymentProviderUnavailableException : Exception
{
    public PaymentProviderUnavailableException()
    {
    }

    public PaymentProviderUnavailableException(string message)
        : base(message)
    {
    }

    public PaymentProviderUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
