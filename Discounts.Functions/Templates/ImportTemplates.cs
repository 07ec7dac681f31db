using System.Globalization;
using Discounts.Core.Templates;
using Discounts.Functions.Hosting;
using Discounts.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Discounts.Functions.Templates;

/// <summary>
/// <c>POST /api/manage/templates/import</c> <c>{ "items": [ { "id", "slug", "title", "price", "currency", "active" } ] }</c>:
/// up to 10,000 templates in one transaction, all or nothing; 400 with <c>errors["items[i].field"]</c> for every bad row.
/// </summary>
[JsonBody(typeof(TemplateImport), MaxBytes = 4 * 1024 * 1024)]
public sealed class ImportTemplates(TemplateCatalog catalog) : IHttpFunction
{
    public async Task<IResult> RunAsync(HttpContext context) => await ImportAsync(context);

    public async Task<Results<Ok<ImportTemplatesResponse>, ProblemHttpResult>> ImportAsync(HttpContext context)
    {
        var (body, problem) = await JsonBody.ReadAsync<TemplateImport>(context);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Items is not { Count: > 0 and <= TemplateImport.MaxItems } items)
        {
            return Problems.Invalid(context, "items", $"items is a list of 1 to {TemplateImport.MaxItems} templates.");
        }

        var errors = new Dictionary<string, string[]>();
        var templates = new List<Template>(items.Count);
        var keys = new List<string>(items.Count);
        var ids = new HashSet<Guid>();
        var slugs = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"items[{i}].");
            if (items[i] is not { } row)
            {
                errors[$"items[{i}]"] = ["Each item is a template object."];
                continue;
            }

            if (row.Id is not { } id || id == Guid.Empty)
            {
                errors[prefix + "id"] = ["id is the marketplace's UUID of the template."];
                continue;
            }

            var rowErrors = row.Validate(id, prefix, out var template);
            foreach (var (key, messages) in rowErrors)
            {
                errors[key] = messages;
            }

            if (!ids.Add(id))
            {
                errors[prefix + "id"] = ["id appears more than once in this import."];
            }
            else if (!slugs.Add(template.Slug))
            {
                errors[prefix + "slug"] = ["slug appears more than once in this import."];
            }

            templates.Add(template);
            keys.Add(prefix + "slug");
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(context, errors);
        }

        var caller = context.RequiredCaller();
        var (written, conflicts) = await catalog.WriteAsync(templates, keys, caller.Actor, caller.Ip, context.RequestAborted);
        return written is null
            ? Problems.Invalid(context, conflicts)
            : TypedResults.Ok(new ImportTemplatesResponse(written.Created, written.Updated, written.Unchanged));
    }
}
