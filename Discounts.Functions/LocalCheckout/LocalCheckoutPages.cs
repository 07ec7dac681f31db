using System.Globalization;
using System.Text.Encodings.Web;
using Discounts.Core.Checkout;

namespace Discounts.Functions.LocalCheckout;

/// <summary>
/// The pages of the built-in checkout (no Stripe keys): a session page to pay or cancel, and a result page.
/// Paying delivers a signed <c>checkout.session.completed</c>, cancelling a <c>checkout.session.expired</c>,
/// through the same webhook processing Stripe's events go through. Mapped only when no Stripe key is set.
/// </summary>
public static class LocalCheckoutPages
{
    public static void MapLocalCheckout(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/checkout/local").AllowAnonymous().ExcludeFromDescription();
        group.MapGet("/{sessionId}", ShowAsync);
        group.MapPost("/{sessionId}/pay", (string sessionId, LocalCheckoutService service, CheckoutOptions options, HttpContext context) =>
            CompleteAsync(sessionId, service, pay: true, options, context));
        group.MapPost("/{sessionId}/cancel", (string sessionId, LocalCheckoutService service, CheckoutOptions options, HttpContext context) =>
            CompleteAsync(sessionId, service, pay: false, options, context));
        group.MapGet("/done", async (string? result, Guid? purchase, LocalCheckoutService service, HttpContext context) =>
        {
            var outcome = purchase is { } id ? await service.OutcomeAsync(id, context.RequestAborted) : null;
            return outcome is null
                ? Page("Local checkout", "<p>No such purchase.</p>", StatusCodes.Status404NotFound)
                : Page(result == "success" ? "Payment received" : "Checkout cancelled", $"<p>{Encode(Describe(outcome))}</p>");
        });
    }

    /// <summary>"Purchase … is paid; its reservation … is confirmed." The statuses as stored, not as hoped.</summary>
    private static string Describe(LocalCheckoutOutcome outcome) =>
        $"Purchase {outcome.PurchaseId} is {outcome.PurchaseStatus}" +
        (outcome.ReservationId is { } reservation ? $"; its reservation {reservation} is {outcome.ReservationStatus}." : ".");

    private static async Task<IResult> ShowAsync(string sessionId, LocalCheckoutService service, HttpContext context)
    {
        var session = await service.FindAsync(sessionId, context.RequestAborted);
        if (session is null)
        {
            return Results.NotFound();
        }

        var amount = (session.Amount / 100m).ToString("0.00", CultureInfo.InvariantCulture);
        var id = Encode(session.Id);
        var body = session.Status == "open"
            ? $"""
              <p>Pay <strong>{amount} {Encode(session.Currency.ToUpperInvariant())}</strong> for purchase <code>{Encode(session.PurchaseId.ToString())}</code>.</p>
              <form method="post" action="/checkout/local/{id}/pay"><button type="submit">Pay (test)</button></form>
              <form method="post" action="/checkout/local/{id}/cancel"><button type="submit">Cancel</button></form>
              """
            : $"<p>This checkout session is {Encode(session.Status)}.</p>";
        return Page("Local checkout", body);
    }

    private static async Task<IResult> CompleteAsync(string sessionId, LocalCheckoutService service, bool pay, CheckoutOptions options, HttpContext context)
    {
        var session = await service.FindAsync(sessionId, context.RequestAborted);
        if (session is null)
        {
            return Results.NotFound();
        }

        // A browser's form goes on to a page (303: see it with a GET); curl and scripts get the outcome as a line of text.
        var browser = context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
        var delivered = await (pay ? service.PayAsync(sessionId, context.RequestAborted) : service.CancelAsync(sessionId, context.RequestAborted));
        if (delivered is null)
        {
            var refused = $"This checkout session can no longer be {(pay ? "paid" : "cancelled")}.";
            return browser ? Page("Local checkout", $"<p>{refused}</p>", StatusCodes.Status409Conflict) : Results.Text(refused + "\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status409Conflict);
        }

        if (browser)
        {
            context.Response.Headers.Location = (pay ? options.SuccessUrl : options.CancelUrl).Replace("{PURCHASE_ID}", session.PurchaseId.ToString(), StringComparison.Ordinal);
            return Results.StatusCode(StatusCodes.Status303SeeOther);
        }

        return Results.Text(Describe((await service.OutcomeAsync(session.PurchaseId, context.RequestAborted))!) + "\n", "text/plain; charset=utf-8");
    }

    private static IResult Page(string title, string body, int status = StatusCodes.Status200OK) => Results.Content(
        $"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>{Encode(title)}</title>
        <style>body{"{"}font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem{"}"}button{"{"}font-size:1rem;margin:.5rem 0;padding:.5rem 1rem{"}"}</style></head>
        <body><h1>{Encode(title)}</h1>{body}<p><small>Local checkout: no real payment is taken.</small></p></body></html>
        """, "text/html; charset=utf-8", statusCode: status);

    private static string Encode(string? value) => HtmlEncoder.Default.Encode(value ?? "");
}
