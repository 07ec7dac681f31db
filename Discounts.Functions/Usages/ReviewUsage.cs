using Discounts.Functions.Hosting;
using Discounts.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Discounts.Core.Common;
using Discounts.Core.Usages;

namespace Discounts.Functions.Usages;

/// <summary>
/// <c>POST /api/manage/usages/{id}/review</c>: approve, or reject (a paid usage is refunded through the
/// provider first, EC-039; 503 and nothing changed when it is down).
/// </summary>
[JsonBody(typeof(ReviewUsageRequest))]
[RouteParameter("id", "The usage.")]
[ProblemAnswer(StatusCodes.Status409Conflict, Errors.Conflict)]
[ProblemAnswer(StatusCodes.Status503ServiceUnavailable, Errors.Unavailable, Description = "The refund could not reach Stripe.")]
public sealed class ReviewUsage(UsageAdminService usages) : IHttpFunction
{
    public async Task<IResult> RunAsync(HttpContext context) => await ReviewAsync(context);

    public async Task<Results<Ok<ReviewUsageResponse>, ProblemHttpResult>> ReviewAsync(HttpContext context)
    {
        if (!context.TryRouteGuid("id", out var id))
        {
            return Problems.NotFound(context);
        }

        var (body, problem) = await JsonBody.ReadAsync<ReviewUsageRequest>(context);
        if (problem is not null)
        {
            return problem;
        }

        var errors = ReviewDecision.Validate(body!.Decision, body.Note);
        if (errors.Count > 0)
        {
            return Problems.Invalid(context, errors);
        }

        var caller = context.RequiredCaller();
        var outcome = await usages.ReviewAsync(id, body.Decision!, body.Note, caller.Actor, caller.Ip, context.RequestAborted);
        return outcome.Succeeded
            ? TypedResults.Ok(new ReviewUsageResponse(AdminUsageResponse.From(outcome.Value!.Usage), outcome.Value.RefundId))
            : Problems.FromError(context, outcome.Error!, outcome.Detail);
    }
}
