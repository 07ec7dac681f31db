using Microsoft.Extensions.Logging;
using Stripe;

namespace Discounts.Core.Checkout;

/// <summary>Refunds through Stripe.net (<c>POST /v1/refunds</c>) with an idempotency key derived from the purchase.</summary>
public sealed partial class StripeRefundGateway(IStripeClient stripe, ILogger<StripeRefundGateway> logger) : IRefundGateway
{
    public async Task<RefundResult> RefundAsync(Purchase purchase, CancellationToken ct)
    {
        var options = new RefundCreateOptions
        {
            PaymentIntent = purchase.StripePaymentIntentId,
            Metadata = new Dictionary<string, string> { ["purchase_id"] = purchase.Id.ToString() },
        };
        try
        {
            var refund = await new RefundService(stripe).CreateAsync(options, new RequestOptions { IdempotencyKey = $"refund-{purchase.Id:N}" }, ct);
            return new RefundResult(refund.Id, refund.Status);
        }
        catch (StripeException ex) when (ex.StripeError?.Code == "charge_already_refunded")
        {
            // Refunded already (by hand in the dashboard, or an earlier attempt whose answer was lost).
            return new RefundResult("already_refunded", "succeeded");
        }
        catch (StripeException ex) when ((int)ex.HttpStatusCode is >= 400 and < 500 and not 429)
        {
            LogRefundRefused(logger, ex, purchase.Id);
            return new RefundResult("", RefundResult.Refused, ex.StripeError?.Message ?? ex.Message);
        }
        catch (Exception ex) when (StripeResilience.IsProviderFailure(ex) && !ct.IsCancellationRequested)
        {
            LogRefundFailed(logger, ex, purchase.Id);
            throw new PaymentProviderUnavailableException("Stripe did not refund the payment.", ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe refused to refund purchase {PurchaseId}")]
    private static partial void LogRefundRefused(ILogger logger, Exception ex, Guid purchaseId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe could not be reached or failed to refund purchase {PurchaseId}")]
    private static partial void LogRefundFailed(ILogger logger, Exception ex, Guid purchaseId);
}
