using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Discounts.Functions.AdminConsole.Pages;

/// <summary>Sign-out: a POST (with antiforgery) from the header's button; a GET shows nothing to sign out with.</summary>
public sealed class SignOutModel(ConsoleOptions options) : PageModel
{
    public IActionResult OnGet() => LocalRedirect(ConsoleSite.PathBase + "/codes");

    public async Task<IActionResult> OnPostAsync()
    {
        await ConsoleSite.SignOutAsync(HttpContext, options);
        return options.SignIn == ConsoleSignIn.Oidc ? new EmptyResult() : LocalRedirect(ConsoleSite.PathBase + "/signin?reason=signedout");
    }
}
