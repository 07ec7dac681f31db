using Discounts.Core.Webhooks;
using Discounts.Functions.Hosting;
using Discounts.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Discounts.Core.Common;

namespace Discounts.Functions.Webhooks;

/// <summary>
/// <c>POST /api/webhooks/stripe</c>: raw body and <c>Stripe-Signature</c>; 400 for a missing, forged or stale
/// signature (nothing written, EC-009); 200 <c>{received, duplicate}</c>; a storage failure surfaces as 503 so
/// Stripe retries (EC-051).
/// </summary>
[RawBody("application/json", "The Stripe event as Stripe sent it; the raw bytes are verified against Stripe-Signature.")]
[HeaderParameter("Stripe-Signature", typeof(string), Required = true, Description = "Stripe's signature of the raw body (tolerance 300 s).")]
[ProblemAnswer(StatusCodes.Status413PayloadTooLarge, Problems.PayloadTooLarge)]
[ProblemAnswer(StatusCodes.Status503ServiceUnavailable, Errors.Unavailable, Description = "Storage is unavailable; Stripe retries.")]
public sealed class StripeWebhook(StripeWebhookService webhooks) : IHttpFunction
{
    public const int MaxBytes = 512 * 1024;

    public async Task<IResult> RunAsync(HttpContext context) => await ReceiveAsync(context);

    public async Task<Results<Ok<StripeWebhookResponse>, ProblemHttpResult>> ReceiveAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxBytes)
        {
            return Problems.Create(context, StatusCodes.Status413PayloadTooLarge, Problems.PayloadTooLarge, "The event is too large.");
        }

        using var reader = new StreamReader(context.Request.Body);
        var payload = await reader.ReadToEndAsync(context.RequestAborted);
        var result = await webhooks.ProcessAsync(payload, context.Request.Headers["Stripe-Signature"], context.RequestAborted);
        return result.Accepted
            ? TypedResults.Ok(new StripeWebhookResponse(true, result.Duplicate))
            : Problems.Invalid(context, "Stripe-Signature", $"The webhook signature is missing, invalid or stale ({result.Outcome}).");
    }
}
