using System.Net;
using Discounts.Tests.Infrastructure;

namespace Discounts.Tests.Usages;

/// <summary>Without Stripe keys a rejection "refunds" through the local checkout: no call leaves the app.</summary>
public sealed class LocalRefundTests(LocalCheckoutAppFactory app) : IClassFixture<LocalCheckoutAppFactory>
{
    [Trait("EdgeCase", "EC-039")]
    [Fact]
    public async Task EC039_RejectPaidLocalPurchase_RefundedLocallyWithoutStripe()
    {
        var template = await app.TemplateAsync(price: 4900);
        var code = await app.PercentCodeAsync(25);
        var client = app.ClientFor("local-rejected");
        var reservation = await (await client.ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created);
        var checkout = await (await client.CheckoutAsync(template.Id, reservation.Id("reservationId"))).ExpectAsync(HttpStatusCode.Created);
        await app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false })
            .PostAsync(new Uri((string)checkout["checkoutUrl"]!).AbsolutePath + "/pay", null);
        Assert.Equal("confirmed", await app.UsageStatusAsync(reservation.Id("reservationId")));

        var body = await (await app.ClientFor("admin-local", admin: true).PostJsonAsync($"/api/manage/usages/{reservation["reservationId"]}/review", """{"decision":"reject"}""")).ExpectAsync(HttpStatusCode.OK);

        Assert.StartsWith("re_local_", (string?)body["refundId"]);
        Assert.Equal("refunded", await app.UsageStatusAsync(reservation.Id("reservationId")));
        Assert.Equal("refunded", await app.PurchaseStatusAsync(checkout.Id("purchaseId")));
        Assert.Empty(app.Stripe.Requests);
    }
}
