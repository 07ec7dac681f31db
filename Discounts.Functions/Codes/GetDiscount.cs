using Discounts.Core.Codes;
using Discounts.Functions.Hosting;
using Discounts.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Discounts.Functions.Codes;

/// <summary><c>GET /api/manage/discounts/{id}</c>: one code with its usage counts; <c>ETag</c> is its version.</summary>
public sealed class GetDiscount(DiscountCodeService codes) : IHttpFunction
{
    public async Task<IResult> RunAsync(HttpContext context) => await GetAsync(context);

    public async Task<Results<Ok<DiscountResponse>, ProblemHttpResult>> GetAsync(HttpContext context)
    {
        if (!context.TryRouteGuid("id", out var id) || await codes.GetAsync(id, context.RequestAborted) is not { } found)
        {
            return Problems.NotFound(context);
        }

        context.Response.Headers.ETag = $"\"{found.Code.Version}\"";
        return TypedResults.Ok(DiscountResponse.From(found.Code, found.Counts));
    }
}
