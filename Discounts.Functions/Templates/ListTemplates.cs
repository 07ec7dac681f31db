using Discounts.Core.Templates;
using Discounts.Functions.Hosting;
using Discounts.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Discounts.Functions.Templates;

/// <summary><c>GET /api/manage/templates?active=&amp;q=&amp;cursor=&amp;limit=</c>: the catalog, newest first, keyset paged (<see cref="TemplateListFilter"/>).</summary>
[QueryParameter("limit", typeof(int), Description = "Page size, 1..200 (default 50).")]
[QueryParameter("cursor", typeof(string), Description = "The `next` of the page before (opaque).")]
[QueryParameter("active", typeof(bool), Description = "Only active (true) or retired (false) templates.")]
[QueryParameter("q", typeof(string), Description = "Part of the slug or title (at most 100 characters).")]
public sealed class ListTemplates(TemplateCatalog catalog) : IHttpFunction
{
    public async Task<IResult> RunAsync(HttpContext context) => await ListAsync(context);

    public async Task<Results<Ok<ListTemplatesResponse>, ProblemHttpResult>> ListAsync(HttpContext context)
    {
        var errors = new Dictionary<string, string[]>();
        var filter = TemplateListFilter.Read(context.Request.Query, errors);
        if (errors.Count > 0)
        {
            return Problems.Invalid(context, errors);
        }

        var page = await catalog.ListAsync(filter.Active, filter.Query, filter.AfterCreatedAt, filter.AfterId, filter.Limit, context.RequestAborted);
        return TypedResults.Ok(new ListTemplatesResponse(page.Select(TemplateResponse.From).ToList(), filter.NextCursor(page)));
    }
}
