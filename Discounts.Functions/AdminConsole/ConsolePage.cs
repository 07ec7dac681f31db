using Discounts.Core.Common;
using Discounts.Functions.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Discounts.Functions.AdminConsole;

/// <summary>What every console page has: the signed-in admin as a <see cref="Caller"/>, and the admin's formats.</summary>
public abstract class ConsolePage : PageModel
{
    private ConsoleFormat? format;

    public ConsoleFormat Format => format ??= ConsoleFormat.For(HttpContext);

    /// <summary>The admin, as the audit log names them (<c>user:&lt;sub&gt;</c>), with their address.</summary>
    protected Caller Admin => HttpContext.RequiredCaller();

    /// <summary>A one-line outcome shown on the next page (after a redirect), in a live region.</summary>
    [TempData]
    public string? Notice { get; set; }

    /// <summary>Back to a console page the form came from (only a console path), else the code list.</summary>
    protected IActionResult BackTo(string? returnUrl) => LocalRedirect(ConsoleSite.SafeReturnUrl(returnUrl));

    /// <summary>Adds every problem to the field it belongs to (by the API's camel-case names), so it shows beside it.</summary>
    protected void AddErrors(IReadOnlyDictionary<string, string[]> errors, string prefix = "")
    {
        foreach (var (field, messages) in errors)
        {
            foreach (var message in messages)
            {
                ModelState.AddModelError(prefix + field, message);
            }
        }
    }

    /// <summary>
    /// A Core operation's expected failure beside the field it is about (a duplicate beside the code, a missing
    /// template beside the templates, maxUses below the slots taken beside maxUses), else for the form as a whole.
    /// </summary>
    protected void AddOutcomeError(string error, string? detail)
    {
        var field = error switch
        {
            Errors.DuplicateCode => "code",
            RuleCodes.TemplateNotFound => "templateIds",
            Errors.MaxUsesBelowTaken => "maxUses",
            Errors.InvalidRequest => "expiresAt", // the one rule only the stored code can break: startsAt before expiresAt
            _ => "",
        };
        ModelState.AddModelError(field, detail ?? RuleCodes.Message(error));
    }
}
