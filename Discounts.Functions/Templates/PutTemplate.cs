using Discounts.Core.Templates;
using Discounts.Functions.Hosting;
using Discounts.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Discounts.Core.Common;

namespace Discounts.Functions.Templates;

/// <summary>
/// <c>PUT /api/manage/templates/{id}</c>: creates (201) or replaces (200) the template with the marketplace's id;
/// the same body again changes nothing. 409 <c>conflict</c> when another template has the slug.
/// </summary>
[JsonBody(typeof(TemplateInput))]
[RouteParameter("id", "The marketplace's own id of the template.")]
[ProblemAnswer(StatusCodes.Status409Conflict, Errors.Conflict, Description = "Another template has this slug.")]
[RequestExample("""
    { "slug": "minimal-portfolio", "title": "Minimal Portfolio", "price": 4900, "currency": "usd", "active": true }
    """)]
public sealed class PutTemplate(TemplateCatalog catalog) : IHttpFunction
{
    public async Task<IResult> RunAsync(HttpContext context) => await PutAsync(context);

    public async Task<Results<Created<TemplateResponse>, Ok<TemplateResponse>, ProblemHttpResult>> PutAsync(HttpContext context)
    {
        if (!context.TryRouteGuid("id", out var id))
        {
            return Problems.Invalid(context, "id", "id is a UUID.");
        }

        var (body, problem) = await JsonBody.ReadAsync<TemplateInput>(context);
        if (problem is not null)
        {
            return problem;
        }

        var errors = body!.Validate(id, "", out var template);
        if (errors.Count > 0)
        {
            return Problems.Invalid(context, errors);
        }

        var caller = context.RequiredCaller();
        var (written, conflicts) = await catalog.WriteAsync([template], ["slug"], caller.Actor, caller.Ip, context.RequestAborted);
        if (written is null)
        {
            return Problems.Create(context, StatusCodes.Status409Conflict, Core.Common.Errors.Conflict, "Another template has this slug.", conflicts["slug"][0]);
        }

        var stored = written.Templates[0];
        context.Response.Headers.ETag = $"\"{stored.Version}\"";
        var response = TemplateResponse.From(stored);
        return written.Created == 1 ? TypedResults.Created($"/api/manage/templates/{id}", response) : TypedResults.Ok(response);
    }
}
