namespace Discounts.Core.Checkout;

/// <summary>Checkout's answer: the purchase (with its session once created), whether this call created it, and the code it uses (none at full price).</summary>
public sealed record CheckoutResult(Purchase Purchase, bool Created, string? Code);
