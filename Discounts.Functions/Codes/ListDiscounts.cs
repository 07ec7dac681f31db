using Discounts.Core.Codes;
using Discounts.Functions.Hosting;
using Discounts.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Discounts.Functions.Codes;

/// <summary><c>GET /api/manage/discounts?status=&amp;q=&amp;campaign=&amp;cursor=&amp;limit=</c>: newest first, keyset paged.</summary>
[QueryParameter("limit", typeof(int), Description = "Page size, 1..200 (default 50).")]
[QueryParameter("cursor", typeof(string), Description = "The `next` of the page before (opaque).")]
[QueryParameter("status", typeof(string), Values = [CodeStatus.Active, CodeStatus.Paused, CodeStatus.Archived])]
[QueryParameter("q", typeof(string), Description = "Part of the code (at most 100 characters).")]
[QueryParameter("campaign", typeof(string), Description = "Only this campaign's codes.")]
public sealed class ListDiscounts(DiscountCodeService codes) : IHttpFunction
{
    public async Task<IResult> RunAsync(HttpContext context) => await ListAsync(context);

    public async Task<Results<Ok<ListDiscountsResponse>, ProblemHttpResult>> ListAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var errors = new Dictionary<string, string[]>();
        string? status = query["status"];
        if (status is not (null or CodeStatus.Active or CodeStatus.Paused or CodeStatus.Archived))
        {
            errors["status"] = ["status is active, paused or archived."];
        }

        var limit = Paging.Limit(query, errors);
        var (afterCreatedAt, afterId) = Paging.TimeCursor(query, errors);

        string? q = query["q"];
        if (q is { Length: > 100 })
        {
            errors["q"] = ["q is at most 100 characters."];
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(context, errors);
        }

        var page = await codes.ListAsync(new CodeListFilter
        {
            Status = status,
            Campaign = query["campaign"].ToString() is { Length: > 0 } c ? c : null,
            Query = q is { Length: > 0 } ? q.ToUpperInvariant() : null,
            AfterCreatedAt = afterCreatedAt,
            AfterId = afterId,
            Limit = limit,
        }, context.RequestAborted);
        var next = page.Count == limit ? Paging.EncodeTimeCursor(page[^1].Code.CreatedAt, page[^1].Code.Id) : null;
        return TypedResults.Ok(new ListDiscountsResponse(page.Select(p => DiscountResponse.From(p.Code, p.Counts)).ToList(), next));
    }
}
