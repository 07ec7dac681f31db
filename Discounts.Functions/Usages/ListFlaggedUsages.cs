using Discounts.Functions.Hosting;
using Discounts.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Discounts.Core.Usages;

namespace Discounts.Functions.Usages;

/// <summary><c>GET /api/manage/usages/flagged?cursor=&amp;limit=</c>: the review queue (review status pending), newest first.</summary>
[QueryParameter("limit", typeof(int), Description = "Page size, 1..200 (default 50).")]
[QueryParameter("cursor", typeof(string), Description = "The `next` of the page before (opaque).")]
public sealed class ListFlaggedUsages(UsageAdminService usages) : IHttpFunction
{
    public async Task<IResult> RunAsync(HttpContext context) => await ListAsync(context);

    public async Task<Results<Ok<ListUsagesResponse>, ProblemHttpResult>> ListAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var errors = new Dictionary<string, string[]>();
        var limit = Paging.Limit(query, errors);
        var (afterAt, afterId) = Paging.TimeCursor(query, errors);
        if (errors.Count > 0)
        {
            return Problems.Invalid(context, errors);
        }

        var page = await usages.ListFlaggedAsync(afterAt, afterId, limit, context.RequestAborted);
        return TypedResults.Ok(ListDiscountUsages.Page(page, limit));
    }
}
