using System.Net;
using Discounts.Tests.Infrastructure;

namespace Discounts.Tests.RateLimiting;

/// <summary>
/// The limits as an attacker and as an honest crowd meet them, at the HTTP level with the seed's limits (10
/// validations and 5 applies a minute, 5 failed attempts) and the default caps: many shoppers behind one address,
/// an enumerator on that address, many accounts on one address or device, forwarded-header spoofing.
/// Peers: 192.0.2.254 is the trusted front end and 10.0.0.0/8 a trusted internal network; everything else is a
/// client. Every test uses addresses of its own, so the fixture's shared windows do not mix them.
/// </summary>
public sealed class CrowdAndAbuseTests(CrowdAndAbuseTests.CrowdApp app) : IClassFixture<CrowdAndAbuseTests.CrowdApp>
{
    public const string FrontEnd = "192.0.2.254";

    public class CrowdApp : AppFactory
    {
        protected override Dictionary<string, string?> Settings => new()
        {
            ["RateLimits:Validate"] = "10",
            ["RateLimits:Apply"] = "5",
            ["RateLimits:FailedAttempts"] = "5",
            ["Network:TrustedProxies"] = $"{FrontEnd}, 10.0.0.0/8",
        };
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => await app.CreateClient().SendAsync(request);

    [Trait("EdgeCase", "EC-037")]
    [Trait("EdgeCase", "EC-015")]
    [Fact]
    public async Task EC037_AnonymousEnumeratorOnAnAddress_DoesNotLockOutTheSignedInUsersThere()
    {
        const string office = "198.51.100.10";
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(10, maxUses: 50);
        for (var i = 0; i < 5; i++)
        {
            var guess = await (await SendAsync(Api.ValidateRequest($"GUESS{i:000}", template.Id).From(office))).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("code_not_found", (string?)guess["reason"]);
        }

        // The enumerator is refused for the rest of the window, even for a real code...
        await (await SendAsync(Api.ValidateRequest(code.Code, template.Id).From(office))).ExpectProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");

        // ...but a signed-in colleague on the same address validates and applies as if it were not there.
        var token = app.Token("ec037-colleague");
        var valid = await (await SendAsync(Api.ValidateRequest(code.Code, template.Id, token).From(office))).ExpectAsync(HttpStatusCode.OK);
        Assert.True((bool)valid["valid"]!);
        var hold = await (await SendAsync(Api.ApplyRequest(token, code.Code, template.Id).From(office))).ExpectAsync(HttpStatusCode.Created);
        var signals = await app.ScalarAsync<string>("SELECT risk_signals::text FROM discount_usage WHERE id = @id", new { id = hold.Id("reservationId") });
        Assert.DoesNotContain("failed_attempts", signals, StringComparison.Ordinal);
    }

    [Trait("EdgeCase", "EC-015")]
    [Fact]
    public async Task EC015_SignedInUsersFailedAttempts_CountAgainstThatUserOnly()
    {
        const string campus = "198.51.100.11";
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(10, maxUses: 50);
        var guesser = app.Token("ec015-guesser");
        for (var i = 0; i < 5; i++)
        {
            await (await SendAsync(Api.ApplyRequest(guesser, $"NOPE{i:000}", template.Id).From(campus))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "code_not_found");
        }

        await (await SendAsync(Api.ApplyRequest(guesser, code.Code, template.Id).From(campus))).ExpectProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        await (await SendAsync(Api.ApplyRequest(app.Token("ec015-neighbour"), code.Code, template.Id).From(campus))).ExpectAsync(HttpStatusCode.Created);
        await (await SendAsync(Api.ValidateRequest(code.Code, template.Id).From(campus))).ExpectAsync(HttpStatusCode.OK);
    }

    [Trait("EdgeCase", "EC-037")]
    [Fact]
    public async Task EC037_ThreeHundredSignedInShoppersBehindOneAddress_AllValidateAndHold()
    {
        const string nat = "198.51.100.12";
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(10, maxUses: 1000);
        using var gate = new SemaphoreSlim(16);
        var results = await Task.WhenAll(Enumerable.Range(0, 300).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var token = app.Token($"nat300-{i}");
                var validate = await SendAsync(Api.ValidateRequest(code.Code, template.Id, token).From(nat));
                var apply = await SendAsync(Api.ApplyRequest(token, code.Code, template.Id, device: $"phone-{i}").From(nat));
                return (validate.StatusCode, apply.StatusCode);
            }
            finally
            {
                gate.Release();
            }
        }));

        Assert.All(results, r => Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Created), r));
        Assert.Equal(300L, await app.ScalarAsync<long>("SELECT count(*) FROM discount_usage WHERE code_id = @id AND client_ip = @nat AND review_status = 'none'", new { id = code.Id, nat }));
    }

    [Fact]
    public async Task StorefrontBackendAsTrustedProxy_EachShopperHasTheirOwnAddressAndLimits()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(10, maxUses: 50);

        // The storefront's backend (the front end here) calls for its anonymous shoppers: one shopper's eleventh
        // validation in a minute is refused, another shopper's first is not.
        for (var i = 0; i < 10; i++)
        {
            await (await SendAsync(Api.ValidateRequest(code.Code, template.Id).From(FrontEnd, "203.0.113.20"))).ExpectAsync(HttpStatusCode.OK);
        }

        await (await SendAsync(Api.ValidateRequest(code.Code, template.Id).From(FrontEnd, "203.0.113.20"))).ExpectProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        await (await SendAsync(Api.ValidateRequest(code.Code, template.Id).From(FrontEnd, "203.0.113.21"))).ExpectAsync(HttpStatusCode.OK);

        // The chain is walked from the right through every trusted hop (front end, then an internal proxy); the
        // first untrusted address is the client, and whatever the client wrote before it is ignored.
        var hold = await (await SendAsync(Api.ApplyRequest(app.Token("walk-user"), code.Code, template.Id)
            .From(FrontEnd, "6.6.6.6, 203.0.113.22, 10.1.2.3"))).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("203.0.113.22", await app.ScalarAsync<string>("SELECT client_ip FROM discount_usage WHERE id = @id", new { id = hold.Id("reservationId") }));

        // What an operator checks after deploying (docs/deployment.md "Client addresses"): the admin's usage list shows it.
        var usages = await (await app.ClientFor("walk-admin", admin: true).GetAsync($"/api/manage/discounts/{code.Id}/usages")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("203.0.113.22", (string?)usages["items"]!.AsArray().Single()!["clientIp"]);
    }

    [Trait("EdgeCase", "EC-044")]
    [Fact]
    public async Task EC044_ForwardedForFromAnUntrustedPeer_ChangesNothing()
    {
        const string attacker = "198.51.100.13";
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(10, maxUses: 30);

        // Reached directly, rotating X-Forwarded-For: still one address, so the per-address cap of a scarce code holds.
        var responses = await Race.RunAsync(40, i => SendAsync(
            Api.ApplyRequest(app.Token($"spoof-{i}"), code.Code, template.Id, device: $"spoof-device-{i}").From(attacker, LoopbackPort.ShopperAddress(1000 + i))));
        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode));
        Assert.Equal([attacker], await app.QueryAsync<string>("SELECT DISTINCT client_ip FROM discount_usage WHERE code_id = @id", new { id = code.Id }));

        // Anonymous validations, rotating the header: the eleventh of the minute is refused all the same.
        for (var i = 0; i < 10; i++)
        {
            await (await SendAsync(Api.ValidateRequest(code.Code, template.Id).From(attacker, LoopbackPort.ShopperAddress(2000 + i)))).ExpectAsync(HttpStatusCode.OK);
        }

        await (await SendAsync(Api.ValidateRequest(code.Code, template.Id).From(attacker, "203.0.113.99"))).ExpectProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [Trait("EdgeCase", "EC-044")]
    [Fact]
    public async Task EC044_FortyAccountsOnOneAddress_HoldAtMostTheCapOfAScarceCode_AndAllOfAnAmpleOne()
    {
        const string bot = "198.51.100.14";
        var template = await app.TemplateAsync();
        var scarce = await app.PercentCodeAsync(10, maxUses: 30);
        var responses = await Race.RunAsync(40, i => SendAsync(Api.ApplyRequest(app.Token($"doi-{i}"), scarce.Code, template.Id, device: $"doi-device-{i}").From(bot)));
        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        var refused = await responses.First(r => r.StatusCode != HttpStatusCode.Created).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "shared_hold_limit");
        Assert.Contains("5", (string?)refused["detail"], StringComparison.Ordinal);
        Assert.Equal(5L, await app.ScalarAsync<long>("SELECT count(*) FROM discount_slot WHERE code_id = @id AND usage_id IS NOT NULL", new { id = scarce.Id }));

        // A hold given back frees a place under the cap.
        var holder = responses.Select((r, i) => (r, i)).First(x => x.r.StatusCode == HttpStatusCode.Created);
        var reservationId = (await holder.r.JsonAsync()).Id("reservationId");
        var release = new HttpRequestMessage(HttpMethod.Delete, $"/api/discount/reservations/{reservationId}") { Headers = { { "Authorization", "Bearer " + app.Token($"doi-{holder.i}") } } };
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(release.From(bot))).StatusCode);
        await (await SendAsync(Api.ApplyRequest(app.Token("doi-late"), scarce.Code, template.Id).From(bot))).ExpectAsync(HttpStatusCode.Created);

        // A code with slots to spare is not scarce: forty accounts behind one address all hold it.
        var ample = await app.PercentCodeAsync(10, maxUses: 1000);
        var ampleResponses = await Race.RunAsync(40, i => SendAsync(Api.ApplyRequest(app.Token($"doi-ample-{i}"), ample.Code, template.Id).From("198.51.100.15")));
        Assert.All(ampleResponses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
    }

    [Trait("EdgeCase", "EC-044")]
    [Trait("EdgeCase", "EC-014")]
    [Fact]
    public async Task EC044_FortyAccountsOnOneDevice_HoldAtMostTheDeviceCapOfAScarceCode()
    {
        var template = await app.TemplateAsync();
        var scarce = await app.PercentCodeAsync(10, maxUses: 30);
        var responses = await Race.RunAsync(40, i => SendAsync(
            Api.ApplyRequest(app.Token($"dev-{i}"), scarce.Code, template.Id, device: "one-phone").From($"203.0.113.{100 + i}")));
        Assert.InRange(responses.Count(r => r.StatusCode == HttpStatusCode.Created), 1, 2);
        Assert.True(await app.ScalarAsync<long>("SELECT count(*) FROM discount_usage WHERE code_id = @id", new { id = scarce.Id }) <= 2);
    }
}

/// <summary>Two instances on one database, with a low address ceiling: every limit and cap is shared (EC-036).</summary>
public sealed class SharedLimitTests(SharedLimitTests.CeilingApp app, SharedLimitTests.SecondInstance second)
    : IClassFixture<SharedLimitTests.CeilingApp>, IClassFixture<SharedLimitTests.SecondInstance>
{
    public class CeilingApp : AppFactory
    {
        protected override Dictionary<string, string?> Settings => new()
        {
            ["RateLimits:Validate"] = "10",
            ["RateLimits:Apply"] = "5",
            ["RateLimits:FailedAttempts"] = "5",
            ["RateLimits:AddressCeiling"] = "12",
        };
    }

    public sealed class SecondInstance : CeilingApp
    {
    }

    private AppFactory Instance(int i) => i % 2 == 0 ? app : second;

    [Trait("EdgeCase", "EC-036")]
    [Trait("EdgeCase", "EC-037")]
    [Fact]
    public async Task EC036_AddressCeilingAndHoldCaps_SharedByTwoInstances_AndAUserOverItsLimitSpendsNoneOfTheCeiling()
    {
        second.SharedConnectionString = app.ConnectionString;
        second.Clock.SetUtcNow(app.Clock.GetUtcNow());
        const string nat = "198.51.100.40";
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(10, maxUses: null);

        // One user hammering past its own limit: 10 answered, 20 refused, and none of the refused spends the ceiling.
        var hammer = app.Token("hammer");
        var hammered = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            hammered.Add((await Instance(i).CreateClient().SendAsync(Api.ValidateRequest(code.Code, template.Id, hammer).From(nat))).StatusCode);
        }

        Assert.Equal(10, hammered.Count(s => s == HttpStatusCode.OK));

        // The ceiling (12 a minute for signed-in callers from one address) is counted across both instances:
        // 10 spent by the hammer's answered requests, then two more users, then the thirteenth request is refused.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await Instance(i).CreateClient().SendAsync(Api.ValidateRequest(code.Code, template.Id, app.Token($"crowd-{i}")).From(nat))).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);

        // Other addresses are not affected; the next window starts afresh on both instances.
        Assert.Equal(HttpStatusCode.OK, (await second.CreateClient().SendAsync(Api.ValidateRequest(code.Code, template.Id, app.Token("elsewhere")).From("198.51.100.41"))).StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        second.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await second.CreateClient().SendAsync(Api.ValidateRequest(code.Code, template.Id, app.Token("crowd-3")).From(nat))).StatusCode);

        // The cap on one scarce code's holds from one address holds across instances too.
        var scarce = await app.PercentCodeAsync(10, maxUses: 20);
        var applies = await Race.RunAsync(12, i => Instance(i).CreateClient().SendAsync(Api.ApplyRequest(app.Token($"two-{i}"), scarce.Code, template.Id).From("198.51.100.42")));
        Assert.Equal(5, applies.Count(r => r.StatusCode == HttpStatusCode.Created));
    }
}
