using Discounts.Core.Checkout;
using Discounts.Functions.Contracts;
using Discounts.Functions.Hosting;
using Discounts.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Discounts.Functions.Functions;

/// <summary><c>GET /api/purchases/{purchaseId}</c>: the caller's own purchase.</summary>
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
