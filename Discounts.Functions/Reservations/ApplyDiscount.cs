using Discounts.Core.Codes;
using Discounts.Core.Reservations;
using Discounts.Functions.Hosting;
using Discounts.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Discounts.Core.Common;

namespace Discounts.Functions.Reservations;

/// <summary><c>POST /api/discount/apply</c>: reserves a slot; 201 new, 200 the caller's existing hold, 422 a rule.</summary>
[JsonBody(typeof(ApplyDiscountRequest))]
[ProblemAnswer(StatusCodes.Status403Forbidden, Errors.RiskBlocked, Errors.CaptchaRequired, Errors.CaptchaFailed)]
[ProblemAnswer(StatusCodes.Status409Conflict, Errors.Conflict, Description = "A checkout with another code is in progress for this template.")]
[ProblemAnswer(StatusCodes.Status422UnprocessableEntity, RuleCodes.CodeNotFound, RuleCodes.CodeInactive, RuleCodes.CodeNotStarted, RuleCodes.CodeExpired,
    RuleCodes.CodeExhausted, RuleCodes.AlreadyUsed, RuleCodes.TemplateNotFound, RuleCodes.NotApplicable, RuleCodes.MinOrderNotMet,
    RuleCodes.CurrencyMismatch, RuleCodes.FirstPurchaseOnly, Errors.HoldLimitReached, Errors.SharedHoldLimit, Description = "A rule refused the code.")]
[ProblemAnswer(StatusCodes.Status503ServiceUnavailable, Errors.Unavailable)]
[RequestExample("""
    { "code": "spring25 ", "templateId": "0193b000-0000-7000-8000-0000000000aa" }
    """)]
[AnswerExample(201, """
    { "reservationId": "0193b2c4-5d6e-7f00-8a1b-2c3d4e5f6a7b", "status": "reserved", "code": "SPRING25", "templateId": "0193b000-0000-7000-8000-0000000000aa",
      "expiresAt": "2026-11-24T10:15:00Z", "discount": { "kind": "percent", "percentOff": 25.0 },
      "pricing": { "currency": "usd", "originalAmount": 4900, "discountAmount": 1225, "finalAmount": 3675, "minimumChargeApplied": false } }
    """)]
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
        var (code, templateId) = StorefrontInput.Read(body!.Code, body.TemplateId, errors);

        if (errors.Count > 0)
        {
            return Problems.Invalid(context, errors);
        }

        var limit = context.RateLimitHit();
        var outcome = await reservations.ApplyAsync(context.RequiredCaller(), code, templateId, body.CaptchaToken, limit, context.RequestAborted);
        if (RateLimits.Answer(context, limit) is { } refused)
        {
            return refused;
        }

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
