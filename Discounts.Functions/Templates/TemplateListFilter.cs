using Discounts.Functions.Http;

namespace Discounts.Functions.Templates;

/// <summary>The filters and paging of the catalog (ListTemplates and the console's template list): <c>active</c>, <c>q</c>, <c>cursor</c>, <c>limit</c>.</summary>
public sealed record TemplateListFilter(bool? Active, string? Query, DateTime? AfterCreatedAt, Guid? AfterId, int Limit)
{
    public const int MaxQuery = 100;

    /// <summary>Reads the query; errors keyed by parameter.</summary>
    public static TemplateListFilter Read(IQueryCollection query, Dictionary<string, string[]> errors)
    {
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
        if (q is { Length: > MaxQuery })
        {
            errors["q"] = [$"q is at most {MaxQuery} characters."];
        }

        var limit = Paging.Limit(query, errors);
        var (afterCreatedAt, afterId) = Paging.TimeCursor(query, errors);
        return new TemplateListFilter(active, q is { Length: > 0 } ? q : null, afterCreatedAt, afterId, limit);
    }

    /// <summary>The cursor of the page after <paramref name="page"/>; null on the last page.</summary>
    public string? NextCursor(IReadOnlyList<Core.Templates.Template> page) =>
        page.Count == Limit ? Paging.EncodeTimeCursor(page[^1].CreatedAt, page[^1].Id) : null;
}
