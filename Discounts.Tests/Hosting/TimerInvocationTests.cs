using System.Net;
using System.Text;
using Discounts.Tests.Infrastructure;
using Discounts.Functions.Reconciliation;
using Discounts.Functions.Reservations;

namespace Discounts.Tests.Hosting;

/// <summary>The custom-handler contract: the Functions host POSTs <c>/{FunctionName}</c> with Data/Metadata and reads Outputs/Logs/ReturnValue.</summary>
public sealed class TimerInvocationTests(AppFactory app, TimerInvocationTests.TrustedProxyApp proxied) : IClassFixture<AppFactory>, IClassFixture<TimerInvocationTests.TrustedProxyApp>
{
    private const string HostPayload = """
        {
          "Data": { "timer": { "Schedule": { "AdjustForDST": true }, "ScheduleStatus": { "Last": "2026-11-24T10:00:00+00:00", "Next": "2026-11-24T10:05:00+00:00" }, "IsPastDue": true } },
          "Metadata": { "sys": { "MethodName": "ReleaseExpiredReservations", "UtcNow": "2026-11-24T10:05:00.0012Z", "RandGuid": "5f0b6c1c-4c3a-4e38-9a8e-3c3f1d2a9b11" } }
        }
        """;

    [Fact]
    public async Task HostShapedTimerInvocation_RunsTheJobAndAnswersTheContract()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(10, maxUses: 5);
        var reservation = await (await app.ClientFor("timer-user").ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created);
        app.Clock.Advance(TimeSpan.FromMinutes(16));

        var response = await app.CreateClient().PostAsync("/ReleaseExpiredReservations", new StringContent(HostPayload, Encoding.UTF8, "application/json"));
        var body = await response.ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("released", await app.UsageStatusAsync(reservation.Id("reservationId")));
        Assert.NotNull(body["Outputs"]);
        Assert.Null(body["ReturnValue"]);
        var log = (string)body["Logs"]!.AsArray().Single()!;
        Assert.Contains("ReleaseExpiredReservations ran", log, StringComparison.Ordinal);
        Assert.Contains("\"released\":1", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReconcileInvocation_AnswersTheContract()
    {
        var response = await app.CreateClient().PostAsync("/ReconcileUsageCounts", new StringContent(HostPayload.Replace("ReleaseExpiredReservations", "ReconcileUsageCounts", StringComparison.Ordinal), Encoding.UTF8, "application/json"));
        var body = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Contains("ReconcileUsageCounts ran", (string)body["Logs"]![0]!, StringComparison.Ordinal);
    }

    /// <summary>
    /// Timer routes answer the Functions host beside the handler only: a loopback peer that sent no forwarded
    /// header. A forwarded header means the request came through a proxy, so it is refused whatever it names, even
    /// loopback, and even when the proxy is trusted to name clients (which would make the client "127.0.0.1").
    /// </summary>
    [Theory]
    [InlineData("127.0.0.1", null, HttpStatusCode.OK)]
    [InlineData("::1", null, HttpStatusCode.OK)]
    [InlineData("127.0.0.1", "127.0.0.1", HttpStatusCode.Forbidden)]
    [InlineData(TrustedProxyApp.Proxy, "127.0.0.1", HttpStatusCode.Forbidden)]
    [InlineData(TrustedProxyApp.Proxy, "::1", HttpStatusCode.Forbidden)]
    [InlineData("198.51.100.7", null, HttpStatusCode.Forbidden)]
    [InlineData("198.51.100.7", "127.0.0.1", HttpStatusCode.Forbidden)]
    public async Task TimerRoute_LoopbackOnly_WhateverAForwardedHeaderSays(string peer, string? forwardedFor, HttpStatusCode expected)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/ReconcileUsageCounts")
        {
            Content = new StringContent(HostPayload.Replace("ReleaseExpiredReservations", "ReconcileUsageCounts", StringComparison.Ordinal), Encoding.UTF8, "application/json"),
        };
        var response = await proxied.CreateClient().SendAsync(request.From(peer, forwardedFor));
        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Forbidden)
        {
            await response.ExpectProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }
    }

    /// <summary>The app behind a trusted front end that also trusts loopback (a local reverse proxy).</summary>
    public sealed class TrustedProxyApp : AppFactory
    {
        public const string Proxy = "192.0.2.254";

        protected override Dictionary<string, string?> Settings => new() { ["Network:TrustedProxies"] = $"{Proxy}, 127.0.0.0/8, ::1" };
    }
}
