using Discounts.Core.Templates;
using Discounts.Functions.Contracts;
using Discounts.Functions.Hosting;
using Discounts.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Discounts.Functions.Functions;

/// <summary><c>GET /api/manage/templates?active=&amp;q=&amp;cursor=&amp;limit=</c>: the catalog, newest first, keyset paged.</summary>
public sealed class ListTemplates(TemplateCatalog catalog) : IHttpFunction
{
    public async Task<IResult> RunAsync(HttpContext context) => await ListAsync(context);

    public async Task<Results<Ok<ListTemplatesResponse>, ProblemHttpResult>> ListAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var errors = new Dictionary<string, string[]>();
        bool? active = null;
        if (query["active"].ToString() is { Length: > 0 } text)
        {
            active = bool.TryParse(text, out var value) ? value : null;
            if (active is null)
            {
                errors["active"] = ["active is true or false."];
            }
        }

        string? q = query["q"];
        if (q is { Length: > 100 })
        {
            errors["q"] = ["q is at most 100 characters."];
        }

        var limit = Paging.Limit(query, errors);
        var (afterCreatedAt, afterId) = Paging.TimeCursor(query, errors);
        if (errors.Count > 0)
        {
            return Problems.Invalid(context, errors);
        }

        var page = await catalog.ListAsync(active, q is { Length: > 0 } ? q : null, afterCreatedAt, afterId, limit, context.RequestAborted);
        var next = page.Count == limit ? Paging.EncodeTimeCursor(page[^1].CreatedAt, page[^1].Id) : null;
        return TypedResults.Ok(new ListTemplatesResponse(page.Select(TemplateResponse.From).ToList(), next));
    }
}
