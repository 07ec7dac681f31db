using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Discounts.Functions.AdminConsole.Pages;

/// <summary>Where a signed-in non-admin lands: a 403 page that shows no data.</summary>
public sealed class ForbiddenModel : PageModel
{
    public void OnGet() => Response.StatusCode = StatusCodes.Status403Forbidden;
}
