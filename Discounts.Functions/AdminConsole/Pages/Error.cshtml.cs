using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Discounts.Functions.AdminConsole.Pages;

/// <summary>The console's error page: what went wrong in words, with the trace id an operator can look up.</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public string Title { get; private set; } = "Something went wrong";

    public string Message { get; private set; } = "";

    public string? TraceId { get; private set; }

    // The status the failed request ended with: from the re-execution's query, never from a form the request carried.
    public void OnGet([FromQuery(Name = "failed")] int? failed) => Show(failed);

    public void OnPost([FromQuery(Name = "failed")] int? failed) => Show(failed);

    private void Show(int? status)
    {
        var failed = HttpContext.Features.Get<IExceptionHandlerFeature>() is not null;
        var code = failed ? StatusCodes.Status500InternalServerError : status is >= 400 and < 600 ? status.Value : StatusCodes.Status404NotFound;
        (Title, Message) = code switch
        {
            StatusCodes.Status400BadRequest => ("The form could not be used", "It had expired or was sent twice (its security token no longer matches). Go back, reload the page and send it again."),
            StatusCodes.Status404NotFound => ("Not found", "There is no such page, or what it showed no longer exists."),
            StatusCodes.Status503ServiceUnavailable => ("Unavailable", "The service is busy or a dependency is down. Try again in a moment."),
            >= 500 => ("Something went wrong", "The service could not finish this. Nothing was half-saved: every change is one transaction."),
            _ => ("Not allowed", "This request was refused."),
        };
        TraceId = failed || code >= 500 ? Activity.Current?.TraceId.ToString() ?? HttpContext.TraceIdentifier : null;
        Response.StatusCode = code;
    }
}
