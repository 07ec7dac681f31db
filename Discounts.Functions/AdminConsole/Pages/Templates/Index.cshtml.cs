using Discounts.Core.Templates;
using Discounts.Functions.Templates;

namespace Discounts.Functions.AdminConsole.Pages.Templates;

/// <summary>The catalog (ListTemplates: <see cref="TemplateListFilter"/>'s active and search filters, keyset paging).</summary>
public sealed class TemplatesModel(TemplateCatalog catalog) : ConsolePage
{
    public string? Q => Request.Query["q"];

    public string? Active => Request.Query["active"];

    public IReadOnlyList<Template> Rows { get; private set; } = [];

    public string? NextCursor { get; private set; }

    public List<string> Errors { get; } = [];

    public bool Filtered => Q is { Length: > 0 } || Active is { Length: > 0 };

    public bool Paged => Request.Query.ContainsKey("cursor");

    public async Task OnGetAsync()
    {
        var errors = new Dictionary<string, string[]>();
        var filter = TemplateListFilter.Read(Request.Query, errors);
        if (errors.Count > 0)
        {
            Errors.AddRange(errors.Values.SelectMany(m => m));
            return;
        }

        Rows = await catalog.ListAsync(filter.Active, filter.Query, filter.AfterCreatedAt, filter.AfterId, filter.Limit, HttpContext.RequestAborted);
        NextCursor = filter.NextCursor(Rows);
    }

    public string PageUrl(string? cursor) =>
        "/console/templates" + QueryString.Create(new Dictionary<string, string?>
        {
            ["q"] = Q, ["active"] = Active, ["limit"] = Request.Query["limit"], ["cursor"] = cursor,
        }.Where(p => !string.IsNullOrEmpty(p.Value))).ToUriComponent();
}
