using System.Net;
using Discounts.Core.Codes;
using Discounts.Tests.Infrastructure;

namespace Discounts.Tests.Analytics;

/// <summary>Analytics of one code and of the system: counts, conversion, money per currency, daily series.</summary>
public sealed class AnalyticsTests(AppFactory app) : IClassFixture<AppFactory>
{
    private HttpClient Admin => app.ClientFor("admin-analytics", admin: true);

    private async Task<Journey> PaidAsync(string userId, DiscountCode code, long price)
    {
        var journey = await Journey.StartAsync(app, userId, code, await app.TemplateAsync(price: price));
        app.Stripe.Complete(journey.SessionId);
        var (payload, signature) = app.SignedEvent("checkout.session.completed", journey.Session());
        await (await app.CreateClient().WebhookAsync(payload, signature)).ExpectAsync(HttpStatusCode.OK);
        return journey;
    }

    [Fact]
    public async Task GetDiscountAnalytics_PaidAndCancelled_CountsConversionMoneyAndSeries()
    {
        var code = await app.PercentCodeAsync(25, maxUses: 10);
        var from = app.Clock.GetUtcNow().UtcDateTime.AddHours(-1);
        await PaidAsync("an-a", code, 4900);
        app.Clock.Advance(TimeSpan.FromDays(1));
        await PaidAsync("an-b", code, 10000);
        var template = await app.TemplateAsync();
        var cancelled = (await (await app.ClientFor("an-c").ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created)).Id("reservationId");
        await app.ClientFor("an-c").DeleteAsync($"/api/discount/reservations/{cancelled}");
        var to = app.Clock.GetUtcNow().UtcDateTime.AddHours(1);

        var report = await (await Admin.GetAsync($"/api/manage/discounts/{code.Id}/analytics?from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(3, (long)report["reservations"]!);
        Assert.Equal(2, (long)report["confirmations"]!);
        Assert.Equal(0.6667m, (decimal)report["conversion"]!);
        Assert.Equal(1, (long)report["abandoned"]!); // the cancelled one
        Assert.Equal(0.3333m, (decimal)report["abandonment"]!);
        Assert.Equal(1.5m, (decimal)report["heldToPaid"]!); // EC-044: three holds for two payments
        Assert.Equal(0, (long)report["flagged"]!);
        Assert.Equal(1, (long)report["releasesByReason"]!.AsObject().Single().Value!);
        var usd = report["money"]!.AsArray().Single()!;
        Assert.Equal("usd", (string?)usd["currency"]);
        Assert.Equal(2, (long)usd["purchases"]!);
        Assert.Equal(3675 + 7500, (long)usd["revenue"]!);
        Assert.Equal(1225 + 2500, (long)usd["discountGiven"]!);
        Assert.Equal(14900, (long)usd["originalAmount"]!);
        var daily = report["daily"]!.AsArray();
        Assert.Equal(3, daily.Sum(d => (long)d!["reservations"]!));
        Assert.Equal(2, daily.Count(d => (long)d!["confirmations"]! == 1));
        Assert.Empty(report["topCodes"]!.AsArray());

        var system = await (await Admin.GetAsync($"/api/manage/analytics?from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}")).ExpectAsync(HttpStatusCode.OK);
        var top = system["topCodes"]!.AsArray().Single(c => (string?)c!["code"] == code.Code)!;
        Assert.Equal(2, (long)top["confirmations"]!);
        Assert.True((long)system["reservations"]! >= 3);
    }

    [Fact]
    public async Task GetDiscountAnalytics_Daily_CountsReleasesOnTheDayTheyHappened()
    {
        var code = await app.PercentCodeAsync(10, maxUses: 10);
        var template = await app.TemplateAsync();
        var from = app.Clock.GetUtcNow().UtcDateTime;
        async Task<Guid> HoldAsync(string user) =>
            (await (await app.ClientFor(user).ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created)).Id("reservationId");

        // Day 1: two holds, one cancelled at once. Day 2: the other cancelled, and a third held and cancelled.
        var first = await HoldAsync("rel-a");
        var second = await HoldAsync("rel-b");
        (await app.ClientFor("rel-a").DeleteAsync($"/api/discount/reservations/{first}")).EnsureSuccessStatusCode();
        app.Clock.Advance(TimeSpan.FromDays(1));
        (await app.ClientFor("rel-b").DeleteAsync($"/api/discount/reservations/{second}")).EnsureSuccessStatusCode();
        var third = await HoldAsync("rel-c");
        (await app.ClientFor("rel-c").DeleteAsync($"/api/discount/reservations/{third}")).EnsureSuccessStatusCode();
        var to = app.Clock.GetUtcNow().UtcDateTime.AddMinutes(1);

        var report = await (await Admin.GetAsync($"/api/manage/discounts/{code.Id}/analytics?from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}")).ExpectAsync(HttpStatusCode.OK);

        var daily = report["daily"]!.AsArray().ToDictionary(d => DateOnly.FromDateTime((DateTime)d!["day"]!), d => ((long)d!["reservations"]!, (long)d["confirmations"]!, (long)d["releases"]!));
        Assert.Equal((2L, 0L, 1L), daily[DateOnly.FromDateTime(from)]);
        Assert.Equal((1L, 0L, 2L), daily[DateOnly.FromDateTime(from.AddDays(1))]);
        Assert.Equal(3, daily.Values.Sum(d => d.Item3));
        Assert.Equal(3, (long)report["releasesByReason"]!["cancelled"]!);
    }

    [Fact]
    public async Task Analytics_BadWindowOrUnknownCode_400_404_NonAdmin_403()
    {
        var code = await app.PercentCodeAsync(10);
        await (await Admin.GetAsync($"/api/manage/discounts/{code.Id}/analytics?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z")).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
        await (await Admin.GetAsync("/api/manage/analytics?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z")).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
        await (await Admin.GetAsync("/api/manage/analytics?to=tomorrow")).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
        await (await Admin.GetAsync("/api/manage/analytics?to=9999-12-31T23:59:59Z")).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
        await (await Admin.GetAsync("/api/manage/analytics?from=0001-01-01T00:00:00Z&to=0001-01-02T00:00:00Z")).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
        await (await Admin.GetAsync($"/api/manage/discounts/{Guid.NewGuid()}/analytics")).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        var empty = await (await Admin.GetAsync($"/api/manage/discounts/{code.Id}/analytics")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, (long)empty["reservations"]!);
        Assert.Equal(0m, (decimal)empty["conversion"]!);
        Assert.Null(empty["heldToPaid"]);
        Assert.InRange(empty["daily"]!.AsArray().Count, 30, 31);

        var user = app.ClientFor("not-admin");
        await (await user.GetAsync($"/api/manage/discounts/{code.Id}/analytics")).ExpectProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await user.GetAsync("/api/manage/analytics")).ExpectProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }
}
