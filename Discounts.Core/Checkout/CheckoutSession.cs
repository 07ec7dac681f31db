namespace Discounts.Core.Checkout;

public sealed record CheckoutSession(string Id, string Url);
