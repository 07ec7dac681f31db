using System.Net;
using Discounts.Tests.Infrastructure;

namespace Discounts.Tests.RateLimiting;

/// <summary>Limits shared through PostgreSQL: 10 validations and 5 applies a minute per IP and per user, failed attempts stricter.</summary>
public sealed class RateLimitTests(RateLimitTests.LimitedApp app, RateLimitTests.SecondInstance second) : IClassFixture<RateLimitTests.LimitedApp>, IClassFixture<RateLimitTests.SecondInstance>
{
    public class LimitedApp : AppFactory
    {
        protected override Dictionary<string, string?> Settings => new()
        {
            ["RateLimits:Validate"] = "10",
            ["RateLimits:Apply"] = "5",
            ["RateLimits:FailedAttempts"] = "3",
            ["Network:TrustedProxies"] = FrontEnd,
        };
    }

    /// <summary>A second instance of the app on the first one's database (set before first use).</summary>
    public sealed class SecondInstance : LimitedApp
    {
    }

    /// <summary>The front end the requests come through: it names each client in X-Forwarded-For.</summary>
    private const string FrontEnd = "192.0.2.254";

    private static HttpRequestMessage Validate(string code, Guid templateId, string ip) => Api.ValidateRequest(code, templateId).From(FrontEnd, ip);

    [Trait("EdgeCase", "EC-036")]
    [Fact]
    public async Task EC036_ElevenValidationsInAMinute_429WithRetryAfterAndHeaders()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(10);
        var client = app.CreateClient();
        for (var i = 0; i < 10; i++)
        {
            var ok = await client.SendAsync(Validate(code.Code, template.Id, "203.0.113.7"));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal((9 - i).ToString(System.Globalization.CultureInfo.InvariantCulture), ok.Headers.GetValues("RateLimit-Remaining").Single());
        }

        var refused = await client.SendAsync(Validate(code.Code, template.Id, "203.0.113.7"));
        await refused.ExpectProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("10", refused.Headers.GetValues("RateLimit-Limit").Single());

        // Another address is not affected; the next window starts afresh.
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Validate(code.Code, template.Id, "203.0.113.8"))).StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Validate(code.Code, template.Id, "203.0.113.7"))).StatusCode);
    }

    [Trait("EdgeCase", "EC-036")]
    [Fact]
    public async Task EC036_TwoInstancesOnOneDatabase_EnforceOneSharedLimit()
    {
        second.SharedConnectionString = app.ConnectionString;
        second.Clock.SetUtcNow(app.Clock.GetUtcNow()); // one minute window for both instances
        var code = await app.PercentCodeAsync(10, maxUses: null);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            var instance = i % 2 == 0 ? (AppFactory)app : second;
            var other = await app.TemplateAsync();
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/discount/apply")
            {
                Content = System.Net.Http.Json.JsonContent.Create(new { code = code.Code, templateId = other.Id }),
                Headers = { { "Authorization", "Bearer " + app.Token("shared-user") } },
            }.From(FrontEnd, $"198.51.100.{i}");
            statuses.Add((await instance.CreateClient().SendAsync(request)).StatusCode);
        }

        // Five applies a minute for the user across both instances; the sixth is refused wherever it lands.
        Assert.Equal(5, statuses.Count(s => s != HttpStatusCode.TooManyRequests));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[5]);
    }

    [Trait("EdgeCase", "EC-015")]
    [Fact]
    public async Task EC015_UnknownCodesCountedStrictly_GenericAnswer()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(10);
        var client = app.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            var body = await (await client.SendAsync(Validate($"GUESS{i:000}", template.Id, "192.0.2.50"))).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("code_not_found", (string?)body["reason"]);
            Assert.Equal("This code is not valid.", (string?)body["message"]);
        }

        // Three failed guesses: even a real code is refused from this address for the rest of the window.
        await (await client.SendAsync(Validate(code.Code, template.Id, "192.0.2.50"))).ExpectProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Validate(code.Code, template.Id, "192.0.2.51"))).StatusCode);
    }

    [Fact]
    public async Task ClientIp_ForwardedByATrustedProxy_IsTheLastForwardedAddress()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(10);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/discount/apply")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { code = code.Code, templateId = template.Id }),
            Headers = { { "X-Forwarded-For", "1.2.3.4, 192.0.2.99" }, { "Authorization", "Bearer " + app.Token("ip-user") } },
        };
        var reservation = await (await app.CreateClient().SendAsync(request)).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("192.0.2.99", await app.ScalarAsync<string>("SELECT client_ip FROM discount_usage WHERE id = @id", new { id = reservation.Id("reservationId") }));
    }
}
