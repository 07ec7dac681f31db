using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Discounts.Functions.AdminConsole.Pages;

/// <summary>Sign-in: the development form (Development only), or a button that starts the OIDC sign-in.</summary>
public sealed class SignInModel(ConsoleOptions options) : PageModel
{
    public ConsoleSignIn Mode => options.SignIn!.Value;

    [BindProperty(SupportsGet = true)]
    public string ReturnUrl { get; set; } = "/console/codes";

    [BindProperty(SupportsGet = true)]
    public string? Reason { get; set; }

    [BindProperty]
    public string UserId { get; set; } = "admin";

    [BindProperty]
    public string? Email { get; set; } = "admin@example.com";

    /// <summary>Checked on the form; an unchecked box sends nothing, so the bound default is false.</summary>
    [BindProperty(Name = "admin")]
    public bool AdminRole { get; set; }

    public string TimeoutText => options.SessionTimeout.TotalMinutes.ToString("0", CultureInfo.InvariantCulture) + " minutes";

    public void OnGet()
    {
        ReturnUrl = ConsoleSite.SafeReturnUrl(ReturnUrl);
        AdminRole = true;
    }

    /// <summary>OIDC: the identity provider's sign-in (authorization code with PKCE), back to where the admin was going.</summary>
    public IActionResult OnGetProvider() => Mode == ConsoleSignIn.Oidc
        ? Challenge(new AuthenticationProperties { RedirectUri = ConsoleSite.SafeReturnUrl(ReturnUrl) }, ConsoleSite.OidcScheme)
        : NotFound();

    public async Task<IActionResult> OnPostAsync()
    {
        if (Mode != ConsoleSignIn.Development)
        {
            return NotFound();
        }

        UserId = UserId?.Trim() ?? "";
        if (UserId.Length is 0 or > 100)
        {
            ModelState.AddModelError(nameof(UserId), "A user id is 1-100 characters.");
            return Page();
        }

        await HttpContext.SignInAsync(ConsoleSite.Scheme, ConsoleSite.DevelopmentPrincipal(UserId, Email?.Trim(), AdminRole), new AuthenticationProperties { IsPersistent = false });
        return LocalRedirect(ConsoleSite.SafeReturnUrl(ReturnUrl));
    }
}
