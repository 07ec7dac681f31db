using Discounts.Core.Codes;
using Discounts.Functions.Hosting;
using Discounts.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Discounts.Functions.Codes;

/// <summary>
/// <c>DELETE /api/manage/discounts/{id}</c>: 204 after a hard delete of a code never used; otherwise the code is
/// archived (200 with it) and in-flight holds finish under their frozen terms (EC-028).
/// </summary>
public sealed class ArchiveDiscount(DiscountCodeService codes) : IHttpFunction
{
    public async Task<IResult> RunAsync(HttpContext context) => await ArchiveAsync(context);

    public async Task<Results<Ok<DiscountResponse>, NoContent, ProblemHttpResult>> ArchiveAsync(HttpContext context)
    {
        if (!context.TryRouteGuid("id", out var id))
        {
            return Problems.NotFound(context);
        }

        var caller = context.RequiredCaller();
        var outcome = await codes.ArchiveAsync(id, caller.Actor, caller.Ip, context.RequestAborted);
        if (!outcome.Succeeded)
        {
            return Problems.FromError(context, outcome.Error!, outcome.Detail);
        }

        if (outcome.Value is not { } archived)
        {
            return TypedResults.NoContent();
        }

        var found = await codes.GetAsync(id, context.RequestAborted);
        context.Response.Headers.ETag = $"\"{archived.Version}\"";
        return TypedResults.Ok(DiscountResponse.From(archived, found?.Counts));
    }
}
