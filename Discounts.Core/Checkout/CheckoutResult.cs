namespace Discounts.Core.Checkout;

/// <summary>Checkout's answer: the purchase (with its session once created) and whether this call created it.</summary>
public sealed record CheckoutResult(Purchase Purchase, bool Created);
