using System.Text.Json.Nodes;
using Discounts.Functions.Auth;
using Discounts.Tests.Infrastructure;

namespace Discounts.Faults;

/// <summary>The service's HTTP functions as the storefront, an admin and the Functions host call them.</summary>
public sealed class Storefront(ServiceClient client, AuthOptions auth, Guid templateId)
{
    private const string TimerBody = """{"Data":{"timer":{"IsPastDue":false}},"Metadata":{}}""";
    private readonly string adminToken = DevTokens.Create(auth, "faults-admin", "faults-admin@example.com", admin: true, DateTimeOffset.UtcNow, TimeSpan.FromHours(6));
    private int shopper;
    private string adminPrefix = "manage";

    public ServiceClient Client => client;

    public Guid TemplateId => templateId;

    /// <summary>A new shopper: own id, token and client address (so per-address rules see different people).</summary>
    public Shopper NewShopper(string tag)
    {
        var n = Interlocked.Increment(ref shopper);
        var user = $"{tag}-{n}";
        var token = DevTokens.Create(auth, user, $"{user}@example.com", admin: false, DateTimeOffset.UtcNow, TimeSpan.FromHours(6));
        return new Shopper(user, token, LoopbackPort.ShopperAddress(n));
    }

    public Task<Answer> ValidateAsync(Shopper s, string code, CancellationToken ct) =>
        client.SendAsync("validate", ServiceClient.Json(HttpMethod.Get, $"/api/discount/validate?code={code}&templateId={templateId}", s.Token, s.Ip, null), ct);

    public Task<Answer> ApplyAsync(Shopper s, string code, CancellationToken ct) =>
        client.SendAsync("apply", ServiceClient.Json(HttpMethod.Post, "/api/discount/apply", s.Token, s.Ip, new { code, templateId }), ct);

    public Task<Answer> CheckoutAsync(Shopper s, string reservationId, CancellationToken ct) =>
        client.SendAsync("checkout", ServiceClient.Json(HttpMethod.Post, "/api/checkout", s.Token, s.Ip, new { templateId, reservationId }), ct);

    public Task<Answer> ReleaseAsync(Shopper s, string reservationId, CancellationToken ct) =>
        client.SendAsync("release", ServiceClient.Json(HttpMethod.Delete, $"/api/discount/reservations/{reservationId}", s.Token, s.Ip, null), ct);

    public Task<Answer> HealthAsync(CancellationToken ct) =>
        client.SendAsync("health", ServiceClient.Json(HttpMethod.Get, "/api/health", null, null, null), ct, TimeSpan.FromSeconds(5));

    /// <summary>A timer function invoked the way the Functions host does (loopback, invocation payload).</summary>
    public Task<Answer> TimerAsync(string function, CancellationToken ct, string kind = "timer") =>
        client.SendAsync(kind, ServiceClient.Raw("/" + function, TimerBody), ct, TimeSpan.FromSeconds(60));

    /// <summary>Whether a timer run was skipped because another run held the job's lock.</summary>
    public static bool Skipped(Answer answer) =>
        answer.Body?["Logs"] is JsonArray logs && logs.Any(l => l?.ToString().Contains("\"skipped\":true", StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>Creates a limited percent code; the admin routes are under manage/ (api.md) or, in older builds, admin/.</summary>
    public async Task<bool> CreateCodeAsync(string code, int maxUses, int percentOff, CancellationToken ct)
    {
        var body = new { code, kind = "percent", percentOff, maxUses, maxUsesPerUser = 1, description = "fault suite" };
        var answer = await client.SendAsync("admin", ServiceClient.Json(HttpMethod.Post, $"/api/{adminPrefix}/discounts", adminToken, null, body), ct);
        if (answer.Status is 404 or 405 && adminPrefix == "manage")
        {
            adminPrefix = "admin";
            answer = await client.SendAsync("admin", ServiceClient.Json(HttpMethod.Post, $"/api/{adminPrefix}/discounts", adminToken, null, body), ct);
        }

        return answer.Status == 201;
    }
}
