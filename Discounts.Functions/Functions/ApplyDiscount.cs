using Discounts.Core.Codes;
using Discounts.Core.Reservations;
using Discounts.Functions.Contracts;
using Discounts.Functions.Hosting;
using Discounts.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Discounts.Functions.Functions;

/// <summary><c>POST /api/discount/apply</c>: reserves a slot; 201 new, 200 the caller's existing hold, 422 a rule.</summary>
[JsonBody(typeof(ApplyDiscountRequest))]
public sealed class ApplyDiscount(ReservationService reservations) : IHttpFunction
{
    public async Task<IResult> RunAsync(HttpContext context) => await ApplyAsync(context);

    public async Task<Results<Created<ReservationResponse>, Ok<ReservationResponse>, ProblemHttpResult>> ApplyAsync(HttpContext context)
    {
        var (body, problem) = await JsonBody.ReadAsync<ApplyDiscountRequest>(context);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        if (!CodeNormalizer.TryNormalize(body!.Code, out var code))
        {
            errors["code"] = ["code is 3-40 letters, digits, '-' or '_'."];
        }

        if (!Guid.TryParse(body.TemplateId, out var templateId))
        {
            errors["templateId"] = ["templateId is a UUID."];
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(context, errors);
        }

        var outcome = await reservations.ApplyAsync(context.RequiredCaller(), code, templateId, body.CaptchaToken, context.RequestAborted);
        if (!outcome.Succeeded)
        {
            return Problems.FromError(context, outcome.Error!, outcome.Detail);
        }

        var response = ReservationResponse.From(outcome.Value!.Usage);
        return outcome.Value.Created
            ? TypedResults.Created($"/api/discount/reservations/{response.ReservationId}", response)
            : TypedResults.Ok(response);
    }
}
