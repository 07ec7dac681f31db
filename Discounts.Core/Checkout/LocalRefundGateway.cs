namespace Discounts.Core.Checkout;

/// <summary>The local checkout's refund: no money moved, so it simply succeeds (same id for the same purchase).</summary>
public sealed class LocalRefundGateway : IRefundGateway
{
    public Task<RefundResult> RefundAsync(Purchase purchase, CancellationToken ct) =>
        Task.FromResult(new RefundResult($"re_local_{purchase.Id:N}", "succeeded"));
}
