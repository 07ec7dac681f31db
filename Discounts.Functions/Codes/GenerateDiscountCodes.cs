using Discounts.Core.Codes;
using Discounts.Functions.Hosting;
using Discounts.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Discounts.Core.Common;

namespace Discounts.Functions.Codes;

/// <summary>
/// <c>POST /api/manage/discounts/generate</c> <c>{ "count": 100, "prefix": "VIP-", "length": 13, "terms": { create body } }</c>:
/// a campaign of N unique single-use codes. Up to 10,000: written in the request, 201 with the codes. More (up to
/// 1,000,000): 202 with the generation, written in the background; GetCodeGeneration (its <c>Location</c>) tells the
/// progress, and ExportData <c>?type=codes&amp;generationId=</c> streams the codes as CSV.
/// </summary>
[JsonBody(typeof(CodeBatch))]
[ProblemAnswer(StatusCodes.Status422UnprocessableEntity, RuleCodes.TemplateNotFound)]
public sealed class GenerateDiscountCodes(CodeGenerationService generations, CodeGenerationWorker worker) : IHttpFunction
{
    public async Task<IResult> RunAsync(HttpContext context) => await GenerateAsync(context);

    public async Task<Results<Created<GenerateDiscountCodesResponse>, Accepted<CodeGenerationResponse>, ProblemHttpResult>> GenerateAsync(HttpContext context)
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
        var outcome = await generations.CreateAsync(batch, caller.Actor, caller.Ip, context.RequestAborted);
        if (!outcome.Succeeded)
        {
            return Problems.FromError(context, outcome.Error!, outcome.Detail);
        }

        var (generation, codes) = outcome.Value!;
        if (codes is null)
        {
            worker.Start();
            var queued = CodeGenerationResponse.From(generation);
            return TypedResults.Accepted(queued.Url, queued);
        }

        return TypedResults.Created((string?)null, new GenerateDiscountCodesResponse(generation.Id, codes.Count, generation.Campaign, codes));
    }
}
