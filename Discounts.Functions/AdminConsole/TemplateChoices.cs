using Discounts.Core.Templates;
using Discounts.Functions.Templates;

namespace Discounts.Functions.AdminConsole;

/// <summary>
/// The templates a code form offers (TemplateCatalog's list, newest first, as ListTemplates pages it), and those
/// the code is limited to already even when older; <see cref="Truncated"/> when the catalog has more.
/// </summary>
public sealed record TemplateChoices(IReadOnlyList<Template> Templates, bool Truncated)
{
    public const int Limit = 200;

    public static readonly TemplateChoices None = new([], false);

    public static async Task<TemplateChoices> LoadAsync(TemplateCatalog catalog, IEnumerable<Guid>? selected, CancellationToken ct)
    {
        var newest = await catalog.ListAsync(null, null, null, null, Limit, ct);
        var templates = newest.ToList();
        foreach (var id in selected?.Distinct() ?? [])
        {
            if (templates.TrueForAll(t => t.Id != id) && await catalog.GetAsync(id, ct) is { } older)
            {
                templates.Add(older);
            }
        }

        return new TemplateChoices(templates, newest.Count == Limit);
    }

    /// <summary>"Title (slug)", or the id of a template not among these.</summary>
    public string Name(Guid id) => Templates.FirstOrDefault(t => t.Id == id) is { } t ? $"{t.Title} ({t.Slug})" : id.ToString();
}

/// <summary>What the shared code-form partials show: the values, the template choices and the admin's zone.</summary>
public sealed record CodeFormView(CodeForm Form, TemplateChoices Templates, ConsoleFormat Format);
