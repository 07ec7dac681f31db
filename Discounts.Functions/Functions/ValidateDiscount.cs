using Discounts.Core.Codes;
using Discounts.Core.Common;
using Discounts.Core.Reservations;
using Discounts.Functions.Contracts;
using Discounts.Functions.Hosting;
using Discounts.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Discounts.Functions.Functions;

/// <summary><c>GET /api/discount/validate?code=&amp;templateId=</c>: read only; a rule failure is a 200 with <c>valid: false</c>.</summary>
public sealed class ValidateDiscount(ReservationService reservations) : IHttpFunction
{
    public async Task<IResult> RunAsync(HttpContext context) => await ValidateAsync(context);

    public async Task<Results<Ok<ValidateDiscountResponse>, ProblemHttpResult>> ValidateAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var errors = new Dictionary<string, string[]>();
        if (!CodeNormalizer.TryNormalize(query["code"], out var code))
        {
            errors["code"] = ["code is 3-40 letters, digits, '-' or '_'."];
        }

        if (!Guid.TryParse(query["templateId"], out var templateId))
        {
            errors["templateId"] = ["templateId is a UUID."];
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(context, errors);
        }

        var result = await reservations.ValidateAsync(context.Caller(), code, templateId, context.RequestAborted);
        return TypedResults.Ok(result.Valid
            ? new ValidateDiscountResponse(true, code, DiscountTermsDto.From(result.Discount!.Kind, result.Discount.PercentBps, result.Discount.AmountOff, result.Discount.Currency), PricingDto.From(result.Price!), null, null)
            : new ValidateDiscountResponse(false, code, null, null, result.Reason, RuleCodes.Message(result.Reason!)));
    }
}
