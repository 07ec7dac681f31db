using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Discounts.Functions.AdminConsole;

/// <summary>
/// How a console form shows the server's problems beside their fields. ModelState is keyed by the API's field
/// names (camelCase, case-insensitive), which are also the inputs' ids: the error of <c>maxUses</c> is
/// <c>&lt;span id="maxUses-error"&gt;</c>, and the input names it in <c>aria-describedby</c>.
/// </summary>
public static class ConsoleForms
{
    /// <summary>The server's messages for <paramref name="field"/>, encoded, in <c>&lt;span class="error"&gt;</c>; nothing when it has none.</summary>
    public static IHtmlContent FieldError(this IHtmlHelper html, string field)
    {
        if (Messages(html.ViewData.ModelState, field) is not { } messages)
        {
            return HtmlString.Empty;
        }

        var span = new TagBuilder("span");
        span.AddCssClass("error");
        span.Attributes["id"] = field + "-error";
        span.InnerHtml.Append(messages);
        return span;
    }

    /// <summary><c>"true"</c> for an input whose field has an error (for <c>aria-invalid</c>), else null (no attribute).</summary>
    public static string? Invalid(this IHtmlHelper html, string field) => Messages(html.ViewData.ModelState, field) is null ? null : "true";

    /// <summary>The ids that describe an input: its hint (when it has one) and its error (when there is one).</summary>
    public static string? DescribedBy(this IHtmlHelper html, string field, bool hint = false)
    {
        var ids = new List<string>(2);
        if (hint)
        {
            ids.Add(field + "-hint");
        }

        if (Messages(html.ViewData.ModelState, field) is not null)
        {
            ids.Add(field + "-error");
        }

        return ids.Count == 0 ? null : string.Join(' ', ids);
    }

    /// <summary>Every problem of the form, each with the field it belongs to (empty or "body" for the form as a whole).</summary>
    public static IReadOnlyList<(string Field, string Message)> AllErrors(ModelStateDictionary modelState) =>
        modelState.Where(e => e.Value is { Errors.Count: > 0 })
            .SelectMany(e => e.Value!.Errors.Select(error => (Field(e.Key), error.ErrorMessage)))
            .ToList();

    /// <summary>The API's camelCase name of a ModelState key (the binder's keys are the properties' names).</summary>
    public static string Field(string key) => key.Length == 0 ? key : char.ToLowerInvariant(key[0]) + key[1..];

    private static string? Messages(ModelStateDictionary modelState, string field) =>
        modelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0 ? string.Join(" ", entry.Errors.Select(e => e.ErrorMessage)) : null;
}
