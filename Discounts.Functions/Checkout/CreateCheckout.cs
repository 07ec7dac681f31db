using Discounts.Core.Checkout;
using Discounts.Functions.Hosting;
using Discounts.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Discounts.Core.Common;

namespace Discounts.Functions.Checkout;

/// <summary><c>POST /api/checkout</c>: a purchase and its checkout session (none when the price is zero).</summary>
[JsonBody(typeof(CreateCheckoutRequest))]
[HeaderParameter("Idempotency-Key", typeof(string), Description = "Optional: the same key answers with the same purchase instead of a second one.")]
[ProblemAnswer(StatusCodes.Status404NotFound, Errors.NotFound, Description = "The reservation is not the caller's.")]
[ProblemAnswer(StatusCodes.Status409Conflict, Errors.Conflict)]
[ProblemAnswer(StatusCodes.Status422UnprocessableEntity, RuleCodes.ReservationInactive, RuleCodes.TemplateNotFound, Description = "The reservation is released, expired, used or for another template.")]
[ProblemAnswer(StatusCodes.Status503ServiceUnavailable, Errors.Unavailable, Description = "Stripe could not be reached.")]
[RequestExample("""
    { "templateId": "0193b000-0000-7000-8000-0000000000aa", "reservationId": "0193b2c4-5d6e-7f00-8a1b-2c3d4e5f6a7b" }
    """)]
[AnswerExample(201, """
    { "purchaseId": "0193b2c5-1a2b-7c3d-8e4f-5a6b7c8d9e0f", "status": "pending", "templateId": "0193b000-0000-7000-8000-0000000000aa", "code": "SPRING25",
      "checkoutUrl": "https://checkout.stripe.com/c/pay/cs_test_a1b2c3", "sessionId": "cs_test_a1b2c3", "expiresAt": "2026-11-24T10:30:00Z",
      "paidAt": null, "pricing": { "currency": "usd", "originalAmount": 4900, "discountAmount": 1225, "finalAmount": 3675, "minimumChargeApplied": false } }
    """)]
public sealed class CreateCheckout(CheckoutService checkout) : IHttpFunction
{
    public async Task<IResult> RunAsync(HttpContext context) => await CreateAsync(context);

    public async Task<Results<Created<PurchaseResponse>, Ok<PurchaseResponse>, ProblemHttpResult>> CreateAsync(HttpContext context)
    {
        var (body, problem) = await JsonBody.ReadAsync<CreateCheckoutRequest>(context);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        if (!Guid.TryParse(body!.TemplateId, out var templateId))
        {
            errors["templateId"] = ["templateId is a UUID."];
        }

        Guid? reservationId = null;
        if (body.ReservationId is not null)
        {
            if (Guid.TryParse(body.ReservationId, out var rid))
            {
                reservationId = rid;
            }
            else
            {
                errors["reservationId"] = ["reservationId is a UUID or null."];
            }
        }

        var idempotencyKey = context.Request.Headers["Idempotency-Key"].ToString();
        if (idempotencyKey.Length > 200)
        {
            errors["Idempotency-Key"] = ["At most 200 characters."];
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(context, errors);
        }

        var caller = context.RequiredCaller();
        var outcome = await checkout.CreateAsync(caller, templateId, reservationId, idempotencyKey.Length > 0 ? idempotencyKey : null, context.RequestAborted);
        if (!outcome.Succeeded)
        {
            return Problems.FromError(context, outcome.Error!, outcome.Detail);
        }

        var response = PurchaseResponse.From(outcome.Value!.Purchase, outcome.Value.Code);
        return outcome.Value.Created
            ? TypedResults.Created($"/api/purchases/{response.PurchaseId}", response)
            : TypedResults.Ok(response);
    }
}
