using System.Net;
using System.Text;
using Discounts.Functions.Hosting;
using Discounts.Tests.Infrastructure;

namespace Discounts.Tests.Security;

/// <summary>
/// Thousands of random and malformed requests to every function, as an admin: never a 5xx, and nothing written
/// (EC-032, EC-033). Inputs are hostile but never valid, so any change in the database is a bug.
/// </summary>
public sealed class FuzzTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly string[] Hostile =
    [
        "' OR '1'='1", "'; DROP TABLE discount_code; --", "<script>alert(1)</script>", "\"}]}", "\\u0000", "%00", "../../etc/passwd",
        "ＳＰＲＩＮＧ２５ 💥", "\ud800", new string('A', 5000), "${jndi:ldap://x}", "{{7*7}}", "-1", "1e309", "NaN", "null", "[]", "{}",
    ];

    private static readonly string[] Fields = ["code", "templateId", "reservationId", "kind", "percentOff", "amountOff", "currency", "maxUses", "count", "prefix", "terms", "captchaToken", "startsAt"];

    [Fact]
    public async Task EveryFunction_RandomAndMalformedInput_NoServerErrorAndNothingWritten()
    {
        var random = new Random(20261124);
        var tables = new[] { "discount_code", "discount_slot", "discount_usage", "purchase", "discount_audit_log", "stripe_event", "template" };
        var before = new List<long>();
        foreach (var table in tables)
        {
            before.Add(await app.CountAsync(table));
        }

        var admin = app.ClientFor("fuzz-admin", admin: true);
        var targets = FunctionCatalog.HttpFunctions.Select(f => (f.Http!.Methods[0], "/" + f.Http.Route))
            .Concat(FunctionCatalog.TimerFunctions.Select(f => ("POST", "/" + f.Name)))
            .ToList();
        var failures = new List<string>();
        foreach (var (method, route) in targets)
        {
            for (var i = 0; i < 250; i++)
            {
                var path = System.Text.RegularExpressions.Regex.Replace(route, "{[^}]+}", _ => Uri.EscapeDataString(Pick(random, [Guid.NewGuid().ToString(), Pick(random, Hostile), "1", ""])));
                var query = string.Join("&", Enumerable.Range(0, random.Next(4)).Select(_ => $"{Pick(random, Fields)}={Uri.EscapeDataString(Pick(random, Hostile))}"));
                using var request = new HttpRequestMessage(new HttpMethod(method), path + (query.Length > 0 ? "?" + query : ""));
                if (method != "GET")
                {
                    request.Content = new StringContent(Body(random), Encoding.UTF8, random.Next(6) == 0 ? "text/plain" : "application/json");
                }

                if (route.Contains("webhooks", StringComparison.Ordinal) && random.Next(2) == 0)
                {
                    request.Headers.TryAddWithoutValidation("Stripe-Signature", $"t={random.Next()},v1={Pick(random, Hostile)}");
                }

                using var response = await admin.SendAsync(request);
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }

        Assert.Empty(failures);
        for (var t = 0; t < tables.Length; t++)
        {
            Assert.True(before[t] == await app.CountAsync(tables[t]), $"{tables[t]} changed");
        }
    }

    private static string Pick(Random random, string[] from) => from[random.Next(from.Length)];

    private static string Body(Random random) => random.Next(5) switch
    {
        0 => Encoding.Latin1.GetString(Enumerable.Range(0, random.Next(200)).Select(_ => (byte)random.Next(256)).ToArray()),
        1 => "{\"code\":" + random.Next(),
        2 => "[" + string.Join(",", Enumerable.Range(0, random.Next(5)).Select(_ => random.Next())) + "]",
        3 => "{" + string.Join(",", Enumerable.Range(0, random.Next(1, 6)).Select(_ => $"\"{Pick(random, Fields)}\":{Value(random)}")) + "}",
        _ => "{\"code\":\"" + Pick(random, Hostile).Replace("\"", "\\\"", StringComparison.Ordinal) + "\",\"templateId\":" + Value(random) + ",\"kind\":" + Value(random) + "}",
    };

    private static string Value(Random random) => random.Next(6) switch
    {
        0 => random.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        1 => "true",
        2 => "null",
        3 => "[1,{\"a\":[]}]",
        4 => "{\"kind\":\"percent\"}",
        _ => System.Text.Json.JsonSerializer.Serialize(Pick(random, Hostile)),
    };
}
