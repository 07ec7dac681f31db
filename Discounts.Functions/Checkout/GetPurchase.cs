using Discounts.Core.Checkout;
using Discounts.Functions.Hosting;
using Discounts.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Discounts.Functions.Checkout;

/// <summary><c>GET /api/purchases/{purchaseId}</c>: the caller's own purchase.</summary>
[RouteParameter("purchaseId", "The purchase (the caller's own).")]
[AnswerExample(200, """
    { "purchaseId": "0193b2c5-1a2b-7c3d-8e4f-5a6b7c8d9e0f", "status": "paid", "templateId": "0193b000-0000-7000-8000-0000000000aa", "code": "SPRING25",
      "checkoutUrl": null, "sessionId": "cs_test_a1b2c3", "expiresAt": "2026-11-24T10:30:00Z", "paidAt": "2026-11-24T10:02:11Z",
      "pricing": { "currency": "usd", "originalAmount": 4900, "discountAmount": 1225, "finalAmount": 3675, "minimumChargeApplied": false } }
    """)]
public sealed class GetPurchase(CheckoutService checkout) : IHttpFunction
{
    public async Task<IResult> RunAsync(HttpContext context) => await GetAsync(context);

    public async Task<Results<Ok<PurchaseResponse>, ProblemHttpResult>> GetAsync(HttpContext context)
    {
        if (!context.TryRouteGuid("purchaseId", out var id))
        {
            return Problems.NotFound(context);
        }

        var found = await checkout.GetAsync(context.RequiredCaller(), id, context.RequestAborted);
        return found is { } f ? TypedResults.Ok(PurchaseResponse.From(f.Purchase, f.Code)) : Problems.NotFound(context);
    }
}
