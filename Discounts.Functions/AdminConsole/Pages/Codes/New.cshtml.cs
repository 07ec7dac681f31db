using Discounts.Core.Codes;
using Discounts.Core.Templates;
using Microsoft.AspNetCore.Mvc;
using Discounts.Functions.Codes;

namespace Discounts.Functions.AdminConsole.Pages.Codes;

/// <summary>A new code: CreateDiscount's body from a form, validated and created by the same Core calls.</summary>
public sealed class NewCodeModel(DiscountCodeService codes, TemplateCatalog catalog) : ConsolePage
{
    [BindProperty]
    public CodeForm Input { get; set; } = new();

    public TemplateChoices Templates { get; private set; } = TemplateChoices.None;

    public CodeFormView View => new(Input, Templates, Format);

    public async Task OnGetAsync() => Templates = await TemplateChoices.LoadAsync(catalog, null, HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        var errors = new Dictionary<string, string[]>();
        var request = Input.ToNewCode(Format, errors);
        var problems = request.Validate(out var normalized);
        foreach (var (field, messages) in problems)
        {
            errors.TryAdd(field, messages);
        }

        if (errors.Count == 0 && ModelState.IsValid)
        {
            var outcome = await codes.CreateAsync(request, normalized, Admin.Actor, Admin.Ip, ct);
            if (outcome.Succeeded)
            {
                Notice = $"{outcome.Value!.Code} created.";
                return Redirect($"/console/codes/{outcome.Value.Id}");
            }

            AddOutcomeError(outcome.Error!, outcome.Detail);
        }

        AddErrors(errors);
        Templates = await TemplateChoices.LoadAsync(catalog, Input.TemplateIds, ct);
        return Page();
    }
}
