using Discounts.Core.Templates;
using Discounts.Functions.Hosting;
using Discounts.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Discounts.Functions.Templates;

/// <summary><c>GET /api/manage/templates/{id}</c>: one template; <c>ETag</c> is its version.</summary>
[RouteParameter("id", "The marketplace's own id of the template.")]
public sealed class GetTemplate(TemplateCatalog catalog) : IHttpFunction
{
    public async Task<IResult> RunAsync(HttpContext context) => await GetAsync(context);

    public async Task<Results<Ok<TemplateResponse>, ProblemHttpResult>> GetAsync(HttpContext context)
    {
        if (!context.TryRouteGuid("id", out var id) || await catalog.GetAsync(id, context.RequestAborted) is not { } template)
        {
            return Problems.NotFound(context);
        }

        context.Response.Headers.ETag = $"\"{template.Version}\"";
        return TypedResults.Ok(TemplateResponse.From(template));
    }
}
