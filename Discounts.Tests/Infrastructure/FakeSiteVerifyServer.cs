using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Discounts.Tests.Infrastructure;

/// <summary>
/// A CAPTCHA siteverify endpoint on loopback (the Turnstile/hCaptcha contract): tokens starting with "good" pass
/// for hostname shop.test and action apply, "otherhost" pass for another hostname, anything else is refused.
/// </summary>
public sealed class FakeSiteVerifyServer : IAsyncDisposable
{
    private WebApplication app = null!;

    public string Url { get; private set; } = "";

    public ConcurrentQueue<Dictionary<string, string>> Requests { get; } = new();

    public static async Task<FakeSiteVerifyServer> StartAsync()
    {
        var server = new FakeSiteVerifyServer();
        (server.app, server.Url) = await LoopbackServer.StartAsync(app => app.MapPost("/siteverify", (Func<HttpContext, Task<IResult>>)(async context =>
            {
                var form = (await context.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString());
                server.Requests.Enqueue(form);
                var token = form.GetValueOrDefault("response", "");
                var ok = form.GetValueOrDefault("secret") == "captcha-secret" && (token.StartsWith("good", StringComparison.Ordinal) || token.StartsWith("otherhost", StringComparison.Ordinal));
                return Results.Json(new Dictionary<string, object?>
                {
                    ["success"] = ok,
                    ["hostname"] = token.StartsWith("otherhost", StringComparison.Ordinal) ? "evil.test" : "shop.test",
                    ["action"] = "apply",
                    ["error-codes"] = ok ? Array.Empty<string>() : ["invalid-input-response"],
                });
            })));
        server.Url += "/siteverify";
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
