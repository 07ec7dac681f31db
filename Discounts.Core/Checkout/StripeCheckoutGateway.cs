using System.Net;
using Microsoft.Extensions.Logging;
using Stripe;
using Stripe.Checkout;

namespace Discounts.Core.Checkout;

/// <summary>Stripe Checkout through Stripe.net; <see cref="CheckoutOptions.ApiBase"/> points it elsewhere in tests.</summary>
public sealed partial class StripeCheckoutGateway(IStripeClient stripe, CheckoutOptions options, ILogger<StripeCheckoutGateway> logger) : ICheckoutGateway
{
    public async Task<CheckoutSession> CreateSessionAsync(CheckoutSessionRequest request, CancellationToken ct)
    {
        var metadata = new Dictionary<string, string>
        {
            ["purchase_id"] = request.PurchaseId.ToString(),
            ["template_id"] = request.TemplateId.ToString(),
            ["user_id"] = request.UserId,
        };
        if (request.UsageId is { } usageId)
        {
            metadata["usage_id"] = usageId.ToString();
        }

        if (request.Code is { } code)
        {
            metadata["code"] = code;
        }

        var create = new SessionCreateOptions
        {
            Mode = "payment",
            ClientReferenceId = request.PurchaseId.ToString(),
            CustomerEmail = request.Email,
            ExpiresAt = request.ExpiresAt,
            SuccessUrl = Expand(options.SuccessUrl, request.PurchaseId),
            CancelUrl = Expand(options.CancelUrl, request.PurchaseId),
            Metadata = metadata,
            PaymentIntentData = new SessionPaymentIntentDataOptions { Metadata = metadata },
            LineItems =
            [
                new SessionLineItemOptions
                {
                    Quantity = 1,
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        Currency = request.Currency,
                        UnitAmount = request.Amount,
                        ProductData = new SessionLineItemPriceDataProductDataOptions { Name = request.ProductName },
                    },
                },
            ],
        };

        try
        {
            var service = new SessionService(stripe);
            var session = await service.CreateAsync(create, new RequestOptions { IdempotencyKey = request.IdempotencyKey }, ct);
            return new CheckoutSession(session.Id, session.Url);
        }
        catch (Exception ex) when (StripeResilience.IsProviderFailure(ex) && !ct.IsCancellationRequested)
        {
            LogCreateFailed(logger, ex, request.PurchaseId);
            throw new PaymentProviderUnavailableException("Stripe did not create the checkout session.", ex);
        }
    }

    public async Task<SessionExpiry> ExpireSessionAsync(string sessionId, CancellationToken ct)
    {
        var service = new SessionService(stripe);
        try
        {
            await service.ExpireAsync(sessionId, cancellationToken: ct);
            return new SessionExpiry(SessionExpiryStatus.Expired);
        }
        catch (StripeException ex) when (ex.HttpStatusCode == HttpStatusCode.BadRequest)
        {
            // Stripe refuses to expire a session that is not open: ask it what the session became.
        }
        catch (Exception ex) when (StripeResilience.IsProviderFailure(ex) && !ct.IsCancellationRequested)
        {
            LogExpireFailed(logger, ex, sessionId);
            return new SessionExpiry(SessionExpiryStatus.Unavailable);
        }

        try
        {
            var session = await service.GetAsync(sessionId, cancellationToken: ct);
            return session.Status switch
            {
                "complete" => new SessionExpiry(SessionExpiryStatus.Complete, session.PaymentStatus, session.PaymentIntentId),
                "expired" => new SessionExpiry(SessionExpiryStatus.Expired),
                _ => new SessionExpiry(SessionExpiryStatus.Unavailable),
            };
        }
        catch (Exception ex) when (StripeResilience.IsProviderFailure(ex) && !ct.IsCancellationRequested)
        {
            LogExpireFailed(logger, ex, sessionId);
            return new SessionExpiry(SessionExpiryStatus.Unavailable);
        }
    }

    public async Task<string?> GetCardFingerprintAsync(string paymentIntentId, CancellationToken ct)
    {
        try
        {
            var intent = await new PaymentIntentService(stripe).GetAsync(paymentIntentId, new PaymentIntentGetOptions { Expand = ["latest_charge"] }, cancellationToken: ct);
            return intent.LatestCharge?.PaymentMethodDetails?.Card?.Fingerprint;
        }
        catch (Exception ex) when (StripeResilience.IsProviderFailure(ex) && !ct.IsCancellationRequested)
        {
            throw new PaymentProviderUnavailableException("Stripe did not return the payment intent.", ex);
        }
    }

    private static string Expand(string url, Guid purchaseId) =>
        url.Replace("{PURCHASE_ID}", purchaseId.ToString(), StringComparison.Ordinal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe refused or failed to create the session of purchase {PurchaseId}")]
    private static partial void LogCreateFailed(ILogger logger, Exception ex, Guid purchaseId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe failed to expire session {SessionId}; the hold is kept for the next run")]
    private static partial void LogExpireFailed(ILogger logger, Exception ex, string sessionId);
}
