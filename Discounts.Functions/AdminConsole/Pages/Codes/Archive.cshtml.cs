using Discounts.Core.Codes;
using Discounts.Core.Common;
using Microsoft.AspNetCore.Mvc;
using Discounts.Functions.Codes;

namespace Discounts.Functions.AdminConsole.Pages.Codes;

/// <summary>
/// ArchiveDiscount with a confirmation: a code never used is deleted, one that was is archived (holds in flight
/// finish under their frozen terms). The page says which before the admin confirms.
/// </summary>
public sealed class ArchiveCodeModel(DiscountCodeService codes) : ConsolePage
{
    public DiscountCode Code { get; private set; } = new();

    public CodeUsageCounts Counts { get; private set; } = new();

    public bool NeverUsed => ConsoleText.UsagesEver(Counts) == 0;

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (await codes.GetAsync(id, HttpContext.RequestAborted) is not { } found)
        {
            return NotFound();
        }

        (Code, Counts) = found;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        if (await codes.GetAsync(id, ct) is not { } found)
        {
            return NotFound();
        }

        var outcome = await codes.ArchiveAsync(id, Admin.Actor, Admin.Ip, ct);
        if (outcome.Error == Errors.NotFound)
        {
            Notice = $"{found.Code.Code} was deleted meanwhile.";
            return Redirect("/console/codes");
        }

        if (!outcome.Succeeded)
        {
            Notice = outcome.Detail ?? $"{found.Code.Code} could not be archived.";
            return Redirect($"/console/codes/{id}");
        }

        Notice = outcome.Value is null
            ? $"{found.Code.Code} was deleted: it had never been used."
            : $"{found.Code.Code} is archived: it is refused from now on, and holds taken before finish under their terms.";
        return Redirect("/console/codes");
    }
}
