using Discounts.Core.Checkout;
using Discounts.Functions.Contracts;
using Discounts.Functions.Hosting;
using Discounts.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Discounts.Functions.Functions;

/// <summary><c>POST /api/checkout</c>: a purchase and its checkout session (none when the price is zero).</summary>
[JsonBody(typeof(CreateCheckoutRequest))]
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

        var found = await checkout.GetAsync(caller, outcome.Value!.Purchase.Id, context.RequestAborted);
        var response = PurchaseResponse.From(outcome.Value.Purchase, found?.Code);
        return outcome.Value.Created
            ? TypedResults.Created($"/api/purchases/{response.PurchaseId}", response)
            : TypedResults.Ok(response);
    }
}
