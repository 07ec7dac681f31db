using System.Globalization;
using Discounts.Core.Templates;
using Microsoft.AspNetCore.Mvc;
using Discounts.Functions.Templates;

namespace Discounts.Functions.AdminConsole.Pages.Templates;

/// <summary>
/// A new template (<c>/console/templates/new</c>) or an edit (<c>/console/templates/{id}</c>) through PutTemplate's
/// one write path: <see cref="TemplateInput.Validate"/>, then <see cref="TemplateCatalog.WriteAsync"/> (a slug another
/// template has is refused beside the slug).
/// </summary>
public sealed class TemplateFormModel(TemplateCatalog catalog) : ConsolePage
{
    /// <summary>The template being edited; null for a new one.</summary>
    public Template? Existing { get; private set; }

    public bool IsNew => Existing is null;

    /// <summary>A new template's id: the marketplace's own (default a fresh one).</summary>
    [BindProperty]
    public string? TemplateId { get; set; }

    [BindProperty]
    public string? Slug { get; set; }

    [BindProperty]
    public string? Title { get; set; }

    /// <summary>Minor units, as typed.</summary>
    [BindProperty]
    public string? Price { get; set; }

    [BindProperty]
    public string? Currency { get; set; }

    /// <summary>An unticked box sends nothing: false.</summary>
    [BindProperty]
    public bool Active { get; set; }

    public async Task<IActionResult> OnGetAsync(string id)
    {
        if (!await FindAsync(id))
        {
            return NotFound();
        }

        if (Existing is { } t)
        {
            (Slug, Title, Price, Currency, Active) = (t.Slug, t.Title, t.Price.ToString(CultureInfo.InvariantCulture), t.Currency.ToUpperInvariant(), t.Active);
        }
        else
        {
            (TemplateId, Currency, Active) = (Guid.NewGuid().ToString(), "USD", true);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id)
    {
        if (!await FindAsync(id))
        {
            return NotFound();
        }

        var errors = new Dictionary<string, string[]>();
        var templateId = Existing?.Id ?? Guid.Empty;
        if (IsNew)
        {
            if (!Guid.TryParse(TemplateId?.Trim(), out templateId) || templateId == Guid.Empty)
            {
                errors["templateId"] = ["id is a UUID."];
            }
            else if (await catalog.GetAsync(templateId, HttpContext.RequestAborted) is not null)
            {
                errors["templateId"] = ["A template has this id already: edit that one instead."];
            }
        }

        long? price = null;
        if (Price?.Trim() is { Length: > 0 } text)
        {
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var minor))
            {
                price = minor;
            }
            else
            {
                errors["price"] = ["price is a whole number of minor units (4900 is 49.00 USD)."];
            }
        }

        var input = new TemplateInput { Slug = Slug, Title = Title, Price = price, Currency = Currency, Active = Active };
        var invalid = input.Validate(templateId, "", out var template);
        foreach (var (field, messages) in invalid)
        {
            errors.TryAdd(field, messages);
        }

        if (errors.Count > 0)
        {
            AddErrors(errors);
            return Page();
        }

        var (written, conflicts) = await catalog.WriteAsync([template], ["slug"], Admin.Actor, Admin.Ip, HttpContext.RequestAborted);
        if (written is null)
        {
            AddErrors(conflicts);
            return Page();
        }

        var stored = written.Templates[0];
        Notice = written.Created == 1 ? $"Template {stored.Slug} created."
            : written.Updated == 1 ? $"Template {stored.Slug} saved (version {stored.Version})."
            : $"Nothing changed: template {stored.Slug} already had these values.";
        return LocalRedirect($"/console/templates/{stored.Id}");
    }

    private async Task<bool> FindAsync(string id)
    {
        if (id == "new")
        {
            return true;
        }

        if (!Guid.TryParse(id, out var templateId))
        {
            return false;
        }

        Existing = await catalog.GetAsync(templateId, HttpContext.RequestAborted);
        return Existing is not null;
    }
}
