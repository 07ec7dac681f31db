using System.Net;
using Discounts.Core.Checkout;
using Discounts.Core.Fraud;
using Discounts.Core.Webhooks;
using Discounts.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Npgsql;
using Discounts.Core.Reservations;

namespace Discounts.Tests.Fraud;

/// <summary>Risk scored again at confirmation: the same card paying for a one-per-user code from several accounts.</summary>
public sealed class RiskAtConfirmationTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Trait("EdgeCase", "EC-014")]
    [Fact]
    public async Task EC014_SameCardAcrossAccountsOnOnePerUserCode_SecondPaymentFlaggedForReview()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(30, maxUses: 10);
        var first = await Journey.StartAsync(app, "card-a", code, template);
        var second = await Journey.StartAsync(app, "card-b", code, template);
        var stranger = await Journey.StartAsync(app, "card-c", code, template);
        app.Stripe.UseCard(first.SessionId, "fp_shared_card");
        app.Stripe.UseCard(second.SessionId, "fp_shared_card");
        foreach (var journey in new[] { first, second, stranger })
        {
            var paid = app.SignedEvent("checkout.session.completed", journey.Session());
            await (await app.CreateClient().WebhookAsync(paid.Payload, paid.Signature)).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("confirmed", await app.UsageStatusAsync(journey.UsageId));
        }

        var flags = await app.QueryAsync<(Guid Id, string ReviewStatus, int RiskScore, string RiskSignals)>(
            "SELECT id, review_status, risk_score, risk_signals::text FROM discount_usage WHERE code_id = @id ORDER BY user_id", new { id = code.Id });
        Assert.Equal(("none", 0), (flags[0].ReviewStatus, flags[0].RiskScore));
        Assert.Equal(("pending", 40), (flags[1].ReviewStatus, flags[1].RiskScore));
        Assert.Contains("same_card_other_accounts", flags[1].RiskSignals, StringComparison.Ordinal);
        Assert.Equal("none", flags[2].ReviewStatus); // another card: nothing to see
        Assert.Equal(1L, await app.ScalarAsync<long>("SELECT count(*) FROM discount_audit_log WHERE usage_id = @id AND action = 'usage.risk_reassessed'", new { id = second.UsageId }));
    }

    [Fact]
    public async Task CardLookupFails_PaymentStillConfirms()
    {
        // The provider boundary faked with Moq: the fingerprint lookup fails, the confirmation must not.
        var journey = await Journey.StartAsync(app, "card-outage");
        var gateway = new Mock<ICheckoutGateway>(MockBehavior.Strict);
        gateway.Setup(g => g.GetCardFingerprintAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new PaymentProviderUnavailableException("down"));
        var dataSource = app.Service<NpgsqlDataSource>();
        var webhooks = new StripeWebhookService(dataSource, app.Clock, app.CheckoutOptions, gateway.Object, app.Service<RiskService>(), NullLogger<StripeWebhookService>.Instance);
        var (payload, signature) = app.SignedEvent("checkout.session.completed", journey.Session());

        var result = await webhooks.ProcessAsync(payload, signature, CancellationToken.None);

        Assert.Equal("confirmed", result.Outcome);
        Assert.Equal("confirmed", await app.UsageStatusAsync(journey.UsageId));
        var paymentIntent = "pi_" + journey.SessionId[3..];
        gateway.Verify(g => g.GetCardFingerprintAsync(paymentIntent, It.IsAny<CancellationToken>()), Times.Once);
    }
}
