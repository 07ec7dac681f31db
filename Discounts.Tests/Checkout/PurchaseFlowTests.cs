using System.Net;
using Discounts.Core.Codes;
using Discounts.Tests.Infrastructure;

namespace Discounts.Tests.Checkout;

/// <summary>The whole journey over HTTP against the Stripe-shaped server: validate, apply, checkout, pay, read.</summary>
public sealed class PurchaseFlowTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Purchase_PaidThroughStripe_ConfirmsReservationAndPurchase()
    {
        var template = await app.TemplateAsync(price: 4900);
        var code = await app.PercentCodeAsync(25, maxUses: 20);
        var client = app.ClientFor("flow-user");

        var validation = await (await client.GetAsync($"/api/discount/validate?code={code.Code.ToLowerInvariant()}&templateId={template.Id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.True((bool)validation["valid"]!);
        Assert.Equal(3675, (long)validation["pricing"]!["finalAmount"]!);

        var reservation = await (await client.ApplyAsync($" {code.Code.ToLowerInvariant()} ", template.Id)).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("reserved", (string?)reservation["status"]);
        Assert.Equal(1225, (long)reservation["pricing"]!["discountAmount"]!);

        var checkout = await (await client.CheckoutAsync(template.Id, reservation.Id("reservationId"))).ExpectAsync(HttpStatusCode.Created);
        var sessionId = (string)checkout["sessionId"]!;
        Assert.StartsWith("https://checkout.stripe.test/", (string?)checkout["checkoutUrl"]);

        var create = Assert.Single(app.Stripe.CreateRequests);
        Assert.Equal("3675", create.Form["line_items[0][price_data][unit_amount]"]);
        Assert.Equal(checkout["purchaseId"]!.ToString(), create.Form["client_reference_id"]);
        Assert.Equal(reservation["reservationId"]!.ToString(), create.Form["metadata[usage_id]"]);
        Assert.Equal(code.Code, create.Form["metadata[code]"]);
        Assert.Equal($"checkout-session-{checkout.Id("purchaseId"):N}", create.IdempotencyKey);
        Assert.Equal(app.Clock.GetUtcNow().AddMinutes(30).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), create.Form["expires_at"]);

        var paid = app.Stripe.Complete(sessionId);
        var (payload, signature) = app.SignedEvent("checkout.session.completed", paid);
        var ack = await (await app.CreateClient().WebhookAsync(payload, signature)).ExpectAsync(HttpStatusCode.OK);
        Assert.False((bool)ack["duplicate"]!);

        var purchase = await (await client.GetAsync($"/api/purchases/{checkout["purchaseId"]}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("paid", (string?)purchase["status"]);
        Assert.Equal(code.Code, (string?)purchase["code"]);
        var after = await (await client.GetAsync($"/api/discount/reservations/{reservation["reservationId"]}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("confirmed", (string?)after["status"]);
        await app.AssertSlotsAgreeAsync(code.Id);

        // Every state change of the usage wrote its audit row.
        var actions = await app.QueryAsync<string>("SELECT action FROM discount_audit_log WHERE usage_id = @id ORDER BY id", new { id = reservation.Id("reservationId") });
        Assert.Equal(["usage.reserved", "usage.checkout_started", "purchase.session_attached", "purchase.paid", "usage.confirmed"], actions);
    }

    [Fact]
    public async Task Checkout_IgnoresClientAmounts_AndUsesServerPrice()
    {
        var template = await app.TemplateAsync(price: 10000);
        var code = await app.PercentCodeAsync(10);
        var client = app.ClientFor("amount-user");
        var response = await client.PostAsync("/api/discount/apply", new StringContent(
            $$"""{"code":"{{code.Code}}","templateId":"{{template.Id}}","finalAmount":1,"discountAmount":9999}""", System.Text.Encoding.UTF8, "application/json"));
        var reservation = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(9000, (long)reservation["pricing"]!["finalAmount"]!);
    }
}
