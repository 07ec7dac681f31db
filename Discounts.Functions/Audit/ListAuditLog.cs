using Discounts.Core.Audit;
using Discounts.Functions.Hosting;
using Discounts.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Discounts.Functions.Audit;

/// <summary>
/// <c>GET /api/manage/audit?codeId=&amp;usageId=&amp;templateId=&amp;actor=&amp;action=&amp;from=&amp;to=&amp;cursor=&amp;limit=</c>: the audit
/// trail, newest first, paged by id (<c>from</c> inclusive, <c>to</c> exclusive; <see cref="AuditLogFilter"/>).
/// </summary>
[QueryParameter("limit", typeof(int), Description = "Page size, 1..200 (default 50).")]
[QueryParameter("cursor", typeof(string), Description = "The `next` of the page before.")]
[QueryParameter("codeId", typeof(Guid))]
[QueryParameter("usageId", typeof(Guid))]
[QueryParameter("templateId", typeof(Guid))]
[QueryParameter("actor", typeof(string), Description = "Who did it (at most 200 characters).")]
[QueryParameter("action", typeof(string), Description = "What was done (at most 100 characters).")]
[QueryParameter("from", typeof(DateTimeOffset), Description = "ISO 8601 UTC, inclusive.")]
[QueryParameter("to", typeof(DateTimeOffset), Description = "ISO 8601 UTC, exclusive.")]
public sealed class ListAuditLog(AuditReader audit) : IHttpFunction
{
    public async Task<IResult> RunAsync(HttpContext context) => await ListAsync(context);

    public async Task<Results<Ok<ListAuditLogResponse>, ProblemHttpResult>> ListAsync(HttpContext context)
    {
        var errors = new Dictionary<string, string[]>();
        var query = AuditLogFilter.Read(context.Request.Query, errors);
        if (errors.Count > 0)
        {
            return Problems.Invalid(context, errors);
        }

        var page = await audit.ListAsync(query, context.RequestAborted);
        return TypedResults.Ok(new ListAuditLogResponse(page.Select(AuditEntryResponse.From).ToList(), AuditLogFilter.NextCursor(page, query.Limit)));
    }
}
