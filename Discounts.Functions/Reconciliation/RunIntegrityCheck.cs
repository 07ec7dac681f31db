using Discounts.Core.Reconciliation;
using Discounts.Functions.Hosting;
using Discounts.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Discounts.Functions.Reconciliation;

/// <summary>
/// <c>POST /api/manage/integrity-check</c> <c>{ "fix": false }</c>: the nightly reconciliation on demand, as a dry
/// run or with corrections; answers its report (<c>skipped</c> when a run is in progress elsewhere).
/// An empty body is a dry run.
/// </summary>
[JsonBody(typeof(RunIntegrityCheckRequest))]
[RequestExample("""
    { "fix": false }
    """)]
public sealed class RunIntegrityCheck(ReconcileUsageCountsJob job) : IHttpFunction
{
    public async Task<IResult> RunAsync(HttpContext context) => await CheckAsync(context);

    public async Task<Results<Ok<ReconciliationReport>, ProblemHttpResult>> CheckAsync(HttpContext context)
    {
        var fix = false;
        if (context.Request.ContentLength is > 0 || context.Request.ContentType is not null)
        {
            var (body, problem) = await JsonBody.ReadAsync<RunIntegrityCheckRequest>(context);
            if (problem is not null)
            {
                return problem;
            }

            fix = body!.Fix;
        }

        return TypedResults.Ok(await job.RunAsync(fix, context.RequestAborted));
    }
}
