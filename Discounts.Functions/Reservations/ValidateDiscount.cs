using Discounts.Core.Codes;
using Discounts.Core.Common;
using Discounts.Core.Reservations;
using Discounts.Functions.Contracts;
using Discounts.Functions.Hosting;
using Discounts.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Discounts.Functions.Reservations;

/// <summary><c>GET /api/discount/validate?code=&amp;templateId=</c>: read only; a rule failure is a 200 with <c>valid: false</c>.</summary>
[QueryParameter("code", typeof(string), Required = true, Description = "The code as typed (any case, spaces trimmed; " + CodeNormalizer.Rule + ").", Example = "SPRING25")]
[QueryParameter("templateId", typeof(Guid), Required = true, Description = "The template being bought.", Example = "0193b000-0000-7000-8000-0000000000aa")]
[AnswerExample(200, """
    { "valid": true, "code": "SPRING25",
      "discount": { "kind": "percent", "percentOff": 25.0 },
      "pricing": { "currency": "usd", "originalAmount": 4900, "discountAmount": 1225, "finalAmount": 3675, "minimumChargeApplied": false } }
    """, Name = "valid")]
[AnswerExample(200, """
    { "valid": false, "code": "SPRING25", "reason": "code_expired", "message": "This code has expired." }
    """, Name = "rule failure")]
public sealed class ValidateDiscount(ReservationService reservations) : IHttpFunction
{
    public async Task<IResult> RunAsync(HttpContext context) => await ValidateAsync(context);

    public async Task<Results<Ok<ValidateDiscountResponse>, ProblemHttpResult>> ValidateAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var errors = new Dictionary<string, string[]>();
        var (code, templateId) = StorefrontInput.Read(query["code"], query["templateId"], errors);

        if (errors.Count > 0)
        {
            return Problems.Invalid(context, errors);
        }

        var limit = context.RateLimitHit();
        var result = await reservations.ValidateAsync(context.Caller(), code, templateId, limit, context.RequestAborted);
        if (RateLimits.Answer(context, limit) is { } refused)
        {
            return refused;
        }

        return TypedResults.Ok(result.Valid
            ? new ValidateDiscountResponse(true, code, DiscountTermsDto.From(result.Discount!.Kind, result.Discount.PercentBps, result.Discount.AmountOff, result.Discount.Currency), PricingDto.From(result.Price!), null, null)
            : new ValidateDiscountResponse(false, code, null, null, result.Reason, RuleCodes.Message(result.Reason!)));
    }
}
