using System.Net;
using Discounts.Core.Codes;
using Discounts.Core.Templates;

namespace Discounts.Tests.Infrastructure;

/// <summary>A shopper part-way through checkout: a hold, a purchase and its Stripe session.</summary>
public sealed record Journey(string UserId, Template Template, DiscountCode Code, Guid UsageId, Guid PurchaseId, string SessionId)
{
    public static async Task<Journey> StartAsync(AppFactory app, string userId, DiscountCode? code = null, Template? template = null)
    {
        template ??= await app.TemplateAsync();
        code ??= await app.PercentCodeAsync(25, maxUses: 10);
        var client = app.ClientFor(userId);
        var reservation = await (await client.ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created);
        var checkout = await (await client.CheckoutAsync(template.Id, reservation.Id("reservationId"))).ExpectAsync(HttpStatusCode.Created);
        return new Journey(userId, template, code, reservation.Id("reservationId"), checkout.Id("purchaseId"), (string)checkout["sessionId"]!);
    }

    /// <summary>A session-shaped object for a webhook (as Stripe would send it) in the given state.</summary>
    public object Session(string status = "complete", string paymentStatus = "paid") => new
    {
        id = SessionId,
        @object = "checkout.session",
        mode = "payment",
        status,
        payment_status = paymentStatus,
        payment_intent = "pi_" + SessionId[3..],
        client_reference_id = PurchaseId.ToString(),
        metadata = new Dictionary<string, string> { ["purchase_id"] = PurchaseId.ToString(), ["usage_id"] = UsageId.ToString(), ["code"] = Code.Code },
    };
}
