using System.Net;
using Discounts.Tests.Infrastructure;
using Discounts.Core.Checkout;

namespace Discounts.Tests.Checkout;

/// <summary>Without Stripe keys the app's own checkout pays or cancels, delivering signed events to its own webhook.</summary>
public sealed class LocalCheckoutTests(LocalCheckoutAppFactory app) : IClassFixture<LocalCheckoutAppFactory>
{
    [Fact]
    public async Task LocalCheckout_Pay_PurchasePaidReservationConfirmed()
    {
        var template = await app.TemplateAsync(price: 4900);
        var code = await app.PercentCodeAsync(25);
        var client = app.ClientFor("local-payer");
        var reservation = await (await client.ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created);
        var checkout = await (await client.CheckoutAsync(template.Id, reservation.Id("reservationId"))).ExpectAsync(HttpStatusCode.Created);
        var url = new Uri((string)checkout["checkoutUrl"]!);
        Assert.Equal("/checkout/local/" + (string)checkout["sessionId"]!, url.AbsolutePath);

        var page = await client.GetStringAsync(url.AbsolutePath);
        Assert.Contains("36.75 USD", page, StringComparison.Ordinal);
        // curl and scripts (no text/html in Accept) are told the outcome, as stored (issue 13: not a bare redirect).
        var pay = await app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false })
            .PostAsync(url.AbsolutePath + "/pay", null);
        Assert.Equal(HttpStatusCode.OK, pay.StatusCode);
        Assert.Equal($"Purchase {checkout["purchaseId"]} is paid; its reservation {reservation["reservationId"]} is confirmed.\n", await pay.Content.ReadAsStringAsync());

        var purchase = await (await client.GetAsync($"/api/purchases/{checkout["purchaseId"]}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("paid", (string?)purchase["status"]);
        Assert.Equal("confirmed", await app.UsageStatusAsync(reservation.Id("reservationId")));
        Assert.Equal(1L, await app.ScalarAsync<long>("SELECT count(*) FROM stripe_event WHERE outcome = 'confirmed'"));
        Assert.Empty(app.Stripe.Requests);

        var again = await app.CreateClient().PostAsync(url.AbsolutePath + "/pay", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task LocalCheckout_Cancel_HoldReleased_AndReleaseJobExpiresOpenSessions()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(10, maxUses: 2);
        var client = app.ClientFor("local-canceller");
        var reservation = await (await client.ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created);
        var checkout = await (await client.CheckoutAsync(template.Id, reservation.Id("reservationId"))).ExpectAsync(HttpStatusCode.Created);
        var path = new Uri((string)checkout["checkoutUrl"]!).AbsolutePath;

        // A browser's form post goes on to the result page, which shows the statuses as stored.
        var browser = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml");
        var cancel = await browser.PostAsync(path + "/cancel", null);
        Assert.Equal(HttpStatusCode.SeeOther, cancel.StatusCode);
        Assert.Equal($"https://shop.test/cancel?purchase={checkout["purchaseId"]}", cancel.Headers.Location!.ToString());
        var done = await browser.GetStringAsync($"/checkout/local/done?result=cancel&purchase={checkout["purchaseId"]}");
        Assert.Contains($"Purchase {checkout["purchaseId"]} is expired; its reservation {reservation["reservationId"]} is released.", done, StringComparison.Ordinal);

        Assert.Equal("released", await app.UsageStatusAsync(reservation.Id("reservationId")));
        Assert.Equal("expired", await app.PurchaseStatusAsync(checkout.Id("purchaseId")));
        Assert.Equal(0, await app.SlotsTakenAsync(code.Id));

        var other = app.ClientFor("local-abandoner");
        var hold = await (await other.ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created);
        var abandoned = await (await other.CheckoutAsync(template.Id, hold.Id("reservationId"))).ExpectAsync(HttpStatusCode.Created);
        app.Clock.Advance(TimeSpan.FromMinutes(16));
        await app.Service<Core.Reservations.ReleaseExpiredReservationsJob>().RunAsync(CancellationToken.None);
        Assert.Equal("released", await app.UsageStatusAsync(hold.Id("reservationId")));
        Assert.Equal("expired", await app.ScalarAsync<string>("SELECT status FROM local_checkout_session WHERE id = @id", new { id = (string)abandoned["sessionId"]! }));
    }
}
