using System.Globalization;
using Discounts.Core.Audit;
using Discounts.Functions.Contracts;
using Discounts.Functions.Hosting;
using Discounts.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Discounts.Functions.Functions;

/// <summary>
/// <c>GET /api/manage/audit?codeId=&amp;usageId=&amp;templateId=&amp;actor=&amp;from=&amp;to=&amp;cursor=&amp;limit=</c>: the audit trail,
/// newest first, paged by id (<c>from</c> inclusive, <c>to</c> exclusive).
/// </summary>
public sealed class ListAuditLog(AuditReader audit) : IHttpFunction
{
    public async Task<IResult> RunAsync(HttpContext context) => await ListAsync(context);

    public async Task<Results<Ok<ListAuditLogResponse>, ProblemHttpResult>> ListAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var errors = new Dictionary<string, string[]>();
        var codeId = OptionalGuid(query, "codeId", errors);
        var usageId = OptionalGuid(query, "usageId", errors);
        var templateId = OptionalGuid(query, "templateId", errors);
        var from = Paging.Time(query, "from", errors);
        var to = Paging.Time(query, "to", errors);
        var limit = Paging.Limit(query, errors);
        string? actor = query["actor"];
        if (actor is { Length: > 200 })
        {
            errors["actor"] = ["actor is at most 200 characters."];
        }

        long? beforeId = null;
        if (query["cursor"].ToString() is { Length: > 0 } cursor)
        {
            if (long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
            {
                beforeId = id;
            }
            else
            {
                errors["cursor"] = ["cursor is not valid."];
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(context, errors);
        }

        var page = await audit.ListAsync(new AuditQuery
        {
            CodeId = codeId,
            UsageId = usageId,
            TemplateId = templateId,
            Actor = actor is { Length: > 0 } ? actor : null,
            From = from,
            To = to,
            BeforeId = beforeId,
            Limit = limit,
        }, context.RequestAborted);
        var next = page.Count == limit ? page[^1].Id.ToString(CultureInfo.InvariantCulture) : null;
        return TypedResults.Ok(new ListAuditLogResponse(page.Select(AuditEntryResponse.From).ToList(), next));
    }

    private static Guid? OptionalGuid(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        if (query[name].ToString() is not { Length: > 0 } text)
        {
            return null;
        }

        if (Guid.TryParse(text, out var id))
        {
            return id;
        }

        errors[name] = [$"{name} is a UUID."];
        return null;
    }
}
