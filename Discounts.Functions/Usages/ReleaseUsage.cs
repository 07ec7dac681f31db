using Discounts.Core.Common;
using Discounts.Functions.Hosting;
using Discounts.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Discounts.Core.Reservations;
using Discounts.Core.Usages;

namespace Discounts.Functions.Usages;

/// <summary>
/// <c>POST /api/manage/usages/{id}/release</c>: releases a hold by hand, expire-first (its checkout session is
/// expired before the slot comes back; a session found paid confirms the usage instead).
/// </summary>
[RouteParameter("id", "The usage.")]
[ProblemAnswer(StatusCodes.Status409Conflict, Errors.Conflict)]
[ProblemAnswer(StatusCodes.Status503ServiceUnavailable, Errors.Unavailable, Description = "The payment provider could not be reached; the hold is kept.")]
public sealed class ReleaseUsage(UsageAdminService usages) : IHttpFunction
{
    public async Task<IResult> RunAsync(HttpContext context) => await ReleaseAsync(context);

    public async Task<Results<Ok<ReleaseUsageResponse>, ProblemHttpResult>> ReleaseAsync(HttpContext context)
    {
        if (!context.TryRouteGuid("id", out var id))
        {
            return Problems.NotFound(context);
        }

        var outcome = await usages.ReleaseAsync(id, context.RequiredCaller().Actor, context.RequestAborted);
        if (!outcome.Succeeded)
        {
            return Problems.FromError(context, outcome.Error!, outcome.Detail);
        }

        var (result, usage) = outcome.Value!;
        var name = result switch
        {
            HoldReleaseResult.Released => "released",
            HoldReleaseResult.Paid => "paid",
            HoldReleaseResult.PaymentPending => "payment_pending",
            _ => "not_active",
        };
        return TypedResults.Ok(new ReleaseUsageResponse(name, AdminUsageResponse.From(usage)));
    }
}
