using Discounts.Core.Codes;
using Discounts.Functions.Hosting;
using Discounts.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Discounts.Core.Common;

namespace Discounts.Functions.Codes;

/// <summary>
/// <c>POST /api/manage/discounts/generate</c> <c>{ "count": 100, "prefix": "VIP-", "length": 13, "terms": { create body } }</c>:
/// a campaign of N unique single-use codes, in one transaction.
/// </summary>
[JsonBody(typeof(CodeBatch))]
[ProblemAnswer(StatusCodes.Status422UnprocessableEntity, RuleCodes.TemplateNotFound)]
public sealed class GenerateDiscountCodes(DiscountCodeService codes) : IHttpFunction
{
    public async Task<IResult> RunAsync(HttpContext context) => await GenerateAsync(context);

    public async Task<Results<Created<GenerateDiscountCodesResponse>, ProblemHttpResult>> GenerateAsync(HttpContext context)
    {
        var (batch, problem) = await JsonBody.ReadAsync<CodeBatch>(context);
        if (problem is not null)
        {
            return problem;
        }

        var errors = batch!.Validate();
        if (errors.Count > 0)
        {
            return Problems.Invalid(context, errors);
        }

        var caller = context.RequiredCaller();
        var outcome = await codes.GenerateAsync(batch, caller.Actor, caller.Ip, context.RequestAborted);
        if (!outcome.Succeeded)
        {
            return Problems.FromError(context, outcome.Error!, outcome.Detail);
        }

        var created = outcome.Value!;
        return TypedResults.Created((string?)null, new GenerateDiscountCodesResponse(created.Count, batch.Terms.Campaign, created));
    }
}
