namespace Discounts.Core.Checkout;

/// <summary>Who takes the payment: Stripe, or the built-in local checkout (offline development only, chosen explicitly).</summary>
public enum CheckoutMode
{
    Stripe,
    Local,
}
