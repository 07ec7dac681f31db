namespace Discounts.Core.Checkout;

/// <summary>
/// The provider's answer to a refund: its id and status (<c>succeeded</c>, <c>pending</c>), or <c>refused</c> with
/// the provider's reason (a request that repeating will not cure, such as a disputed charge).
/// </summary>
public sealed record RefundResult(string Id, string Status, string? Reason = null)
{
    public const string Refused = "refused";

    public bool IsRefused => Status == Refused;
}
