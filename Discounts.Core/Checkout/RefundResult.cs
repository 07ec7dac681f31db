namespace Discounts.Core.Checkout;

/// <summary>The provider's refund: its id and status (<c>succeeded</c>, <c>pending</c>).</summary>
public sealed record RefundResult(string Id, string Status);
