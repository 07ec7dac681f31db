using System.Net;
using Discounts.Tests.Infrastructure;

namespace Discounts.Tests.Webhooks;

/// <summary>The app pointed at a database that does not answer: 503 so Stripe retries, and nothing is lost.</summary>
public sealed class DatabaseDownTests(DatabaseDownTests.DownAppFactory down, AppFactory healthy) : IClassFixture<DatabaseDownTests.DownAppFactory>, IClassFixture<AppFactory>
{
    public sealed class DownAppFactory : AppFactory
    {
        protected override Dictionary<string, string?> Settings => new()
        {
            ["ConnectionStrings:Discounts"] = "Host=127.0.0.1;Port=1;Username=postgres;Database=none;Timeout=2",
            ["Database:MigrateOnStartup"] = "false",
        };
    }

    [Trait("EdgeCase", "EC-051")]
    [Fact]
    public async Task EC051_WebhookWhileDatabaseIsDown_503ThenProcessedOnRetry()
    {
        var journey = await Journey.StartAsync(healthy, "ec051-user");
        var (payload, signature) = healthy.SignedEvent("checkout.session.completed", journey.Session(), eventId: "evt_ec051");
        // The down app verifies with its own clock; sign for it.
        var forDown = down.SignedEvent("checkout.session.completed", journey.Session(), eventId: "evt_ec051");

        var response = await down.CreateClient().WebhookAsync(forDown.Payload, forDown.Signature);
        await response.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable, "unavailable");
        Assert.NotNull(response.Headers.RetryAfter);
        var health = await down.CreateClient().GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);

        // Stripe's retry reaches a working instance: the event takes effect once.
        await (await healthy.CreateClient().WebhookAsync(payload, signature)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("confirmed", await healthy.UsageStatusAsync(journey.UsageId));
    }
}
