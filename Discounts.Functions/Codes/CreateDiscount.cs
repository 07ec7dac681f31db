using Discounts.Core.Codes;
using Discounts.Functions.Hosting;
using Discounts.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Discounts.Core.Common;

namespace Discounts.Functions.Codes;

/// <summary><c>POST /api/manage/discounts</c>: creates a code; 409 <c>duplicate_code</c> for one equal after normalization.</summary>
[JsonBody(typeof(NewDiscountCode))]
[ProblemAnswer(StatusCodes.Status409Conflict, Errors.DuplicateCode, Description = "A code equal after normalization exists.")]
[ProblemAnswer(StatusCodes.Status422UnprocessableEntity, RuleCodes.TemplateNotFound)]
[RequestExample("""
    { "code": "SPRING25", "description": "Spring sale", "kind": "percent", "percentOff": 25,
      "maxUses": 20, "maxUsesPerUser": 1, "startsAt": null, "expiresAt": "2026-12-31T23:59:59Z",
      "minOrderAmount": null, "templateIds": [], "firstPurchaseOnly": false, "campaign": null }
    """, Name = "percent")]
[RequestExample("""
    { "code": "TENOFF", "kind": "fixed", "amountOff": 1000, "currency": "usd", "maxUses": 100 }
    """, Name = "fixed")]
public sealed class CreateDiscount(DiscountCodeService codes) : IHttpFunction
{
    public async Task<IResult> RunAsync(HttpContext context) => await CreateAsync(context);

    public async Task<Results<Created<DiscountResponse>, ProblemHttpResult>> CreateAsync(HttpContext context)
    {
        var (body, problem) = await JsonBody.ReadAsync<NewDiscountCode>(context);
        if (problem is not null)
        {
            return problem;
        }

        var errors = body!.Validate(out var normalized);
        if (errors.Count > 0)
        {
            return Problems.Invalid(context, errors);
        }

        var caller = context.RequiredCaller();
        var outcome = await codes.CreateAsync(body, normalized, caller.Actor, caller.Ip, context.RequestAborted);
        if (!outcome.Succeeded)
        {
            return Problems.FromError(context, outcome.Error!, outcome.Detail);
        }

        var code = outcome.Value!;
        context.Response.Headers.ETag = $"\"{code.Version}\"";
        return TypedResults.Created($"/api/manage/discounts/{code.Id}", DiscountResponse.From(code, null));
    }
}
