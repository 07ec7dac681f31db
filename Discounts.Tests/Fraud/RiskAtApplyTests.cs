using System.Net;
using System.Net.Http.Json;
using Discounts.Tests.Infrastructure;
using Discounts.Core.Reservations;

namespace Discounts.Tests.Fraud;

/// <summary>Risk scoring and CAPTCHA at apply, over HTTP, with a siteverify server on loopback.</summary>
public sealed class RiskAtApplyTests(RiskAtApplyTests.RiskApp app) : IClassFixture<RiskAtApplyTests.RiskApp>
{
    public sealed class RiskApp : AppFactory
    {
        public FakeSiteVerifyServer SiteVerify { get; private set; } = null!;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            SiteVerify = await FakeSiteVerifyServer.StartAsync();
        }

        protected override Dictionary<string, string?> Settings => new()
        {
            ["Captcha:Provider"] = "turnstile",
            ["Captcha:Secret"] = "captcha-secret",
            ["Captcha:SiteVerifyUrl"] = SiteVerify.Url,
            ["Captcha:Hostname"] = "shop.test",
            ["Captcha:Action"] = "apply",
            ["Risk:DenyIps:0"] = "203.0.113.0/24",
            ["Network:TrustedProxies"] = FrontEnd,
        };
    }

    private const string FrontEnd = "192.0.2.254";

    private HttpRequestMessage Apply(string user, string code, Guid templateId, string ip, string? device = null, string? captcha = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/discount/apply")
        {
            Content = JsonContent.Create(new { code, templateId, captchaToken = captcha }),
        };
        request.Headers.Add("Authorization", "Bearer " + app.Token(user));
        request.From(FrontEnd, ip);
        if (device is not null)
        {
            request.Headers.Add("X-Device-Fingerprint", device);
        }

        return request;
    }

    [Trait("EdgeCase", "EC-014")]
    [Fact]
    public async Task EC014_OnePersonManyAccountsOneDevice_CaptchaAndReviewThenBlocked()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(50, maxUses: 10);
        var client = app.CreateClient();

        await (await client.SendAsync(Apply("ec014-a", code.Code, template.Id, "198.51.100.1", "device-1"))).ExpectAsync(HttpStatusCode.Created);
        await (await client.SendAsync(Apply("ec014-b", code.Code, template.Id, "198.51.100.2", "device-1"))).ExpectProblemAsync(HttpStatusCode.Forbidden, "captcha_required");
        var second = await (await client.SendAsync(Apply("ec014-b", code.Code, template.Id, "198.51.100.2", "device-1", "good-token-1"))).ExpectAsync(HttpStatusCode.Created);
        var flagged = await app.QueryAsync<(int RiskScore, string ReviewStatus, string RiskSignals)>(
            "SELECT risk_score, review_status, risk_signals::text FROM discount_usage WHERE id = @id", new { id = second.Id("reservationId") });
        Assert.Equal((35, "pending"), (flagged[0].RiskScore, flagged[0].ReviewStatus));
        Assert.Contains("same_device_other_accounts", flagged[0].RiskSignals, StringComparison.Ordinal);

        var before = await app.CountAsync("discount_usage");
        await (await client.SendAsync(Apply("ec014-c", code.Code, template.Id, "198.51.100.3", "device-1", "good-token-2"))).ExpectProblemAsync(HttpStatusCode.Forbidden, "risk_blocked");
        Assert.Equal(before, await app.CountAsync("discount_usage"));
    }

    [Trait("EdgeCase", "EC-037")]
    [Fact]
    public async Task EC037_ManyHonestUsersBehindOneNat_AllServedNoneFlagged()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(10, maxUses: 100);
        var responses = await Race.RunAsync(30, i => app.CreateClient().SendAsync(Apply($"nat-{i}", code.Code, template.Id, "192.0.2.200", $"device-nat-{i}")));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM discount_usage WHERE code_id = @id AND review_status = 'pending'", new { id = code.Id }));
    }

    [Trait("EdgeCase", "EC-038")]
    [Fact]
    public async Task EC038_ReplayedWrongHostOrUnreachableCaptcha_RefusedFailClosed()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(10, maxUses: 10);
        var client = app.CreateClient();
        await (await client.SendAsync(Apply("ec038-a", code.Code, template.Id, "198.51.100.10", "device-38"))).ExpectAsync(HttpStatusCode.Created);

        await (await client.SendAsync(Apply("ec038-b", code.Code, template.Id, "198.51.100.11", "device-38", "good-replayed"))).ExpectAsync(HttpStatusCode.Created);

        // Another pair of accounts sharing a device: the second must pass a CAPTCHA, and every bad one is refused.
        await (await client.SendAsync(Apply("ec038-c", code.Code, template.Id, "198.51.100.12", "device-38b"))).ExpectAsync(HttpStatusCode.Created);
        await (await client.SendAsync(Apply("ec038-d", code.Code, template.Id, "198.51.100.13", "device-38b", "good-replayed"))).ExpectProblemAsync(HttpStatusCode.Forbidden, "captcha_failed");
        await (await client.SendAsync(Apply("ec038-d", code.Code, template.Id, "198.51.100.13", "device-38b", "otherhost-1"))).ExpectProblemAsync(HttpStatusCode.Forbidden, "captcha_failed");
        await (await client.SendAsync(Apply("ec038-d", code.Code, template.Id, "198.51.100.13", "device-38b", "forged"))).ExpectProblemAsync(HttpStatusCode.Forbidden, "captcha_failed");
        Assert.All(app.SiteVerify.Requests, r => Assert.Equal("captcha-secret", r["secret"]));
    }

    [Trait("EdgeCase", "EC-044")]
    [Fact]
    public async Task EC044_AnAccountThatLetsHoldsExpire_IsScoredForIt()
    {
        var template = await app.TemplateAsync();
        var client = app.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            var code = await app.PercentCodeAsync(10, maxUses: 10);
            await (await client.SendAsync(Apply("unpaid-holder", code.Code, template.Id, "198.51.100.60"))).ExpectAsync(HttpStatusCode.Created);
            app.Clock.Advance(TimeSpan.FromMinutes(16));
            await app.Service<Discounts.Core.Reservations.ReleaseExpiredReservationsJob>().RunAsync(CancellationToken.None);
        }

        var next = await app.PercentCodeAsync(10, maxUses: 10);
        var hold = await (await client.SendAsync(Apply("unpaid-holder", next.Code, template.Id, "198.51.100.60"))).ExpectAsync(HttpStatusCode.Created);
        var scored = (await app.QueryAsync<(int RiskScore, string RiskSignals)>("SELECT risk_score, risk_signals::text FROM discount_usage WHERE id = @id", new { id = hold.Id("reservationId") })).Single();
        Assert.Equal(20, scored.RiskScore); // three holds expired unpaid in the last 24 hours: 10 for each beyond the first
        Assert.Equal("[\"unpaid_holds_account\"]", scored.RiskSignals);
    }

    [Fact]
    public async Task DeniedAddress_Blocked()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(10, maxUses: 10);
        await (await app.CreateClient().SendAsync(Apply("denied", code.Code, template.Id, "203.0.113.9"))).ExpectProblemAsync(HttpStatusCode.Forbidden, "risk_blocked");
    }
}
