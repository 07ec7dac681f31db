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
            CompleteAsync(sessionId, service.PayAsync, options, "success", context));
        group.MapPost("/{sessionId}/cancel", (string sessionId, LocalCheckoutService service, CheckoutOptions options, HttpContext context) =>
            CompleteAsync(sessionId, service.CancelAsync, options, "cancel", context));
        group.MapGet("/done", (string? result, string? purchase) => Page(
            result == "success" ? "Payment received" : "Checkout cancelled",
            $"<p>Purchase <code>{Encode(purchase)}</code>: {(result == "success" ? "paid. The discount is confirmed." : "cancelled. The reserved discount was released.")}</p>"));
    }

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

    private static async Task<IResult> CompleteAsync(string sessionId, Func<string, CancellationToken, Task<Core.Webhooks.WebhookResult?>> action, CheckoutOptions options, string result, HttpContext context)
    {
        var session = await context.RequestServices.GetRequiredService<LocalCheckoutService>().FindAsync(sessionId, context.RequestAborted);
        if (session is null)
        {
            return Results.NotFound();
        }

        var delivered = await action(sessionId, context.RequestAborted);
        if (delivered is null)
        {
            return Page("Local checkout", $"<p>This checkout session can no longer be {(result == "success" ? "paid" : "cancelled")}.</p>", StatusCodes.Status409Conflict);
        }

        var url = (result == "success" ? options.SuccessUrl : options.CancelUrl).Replace("{PURCHASE_ID}", session.PurchaseId.ToString(), StringComparison.Ordinal);
        return Results.Redirect(url);
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
