using System.Net;
using System.Text.RegularExpressions;
using Discounts.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Discounts.Tests.Console;

/// <summary>
/// Many instances serve the console: the session cookie and the antiforgery token one instance issues must be
/// readable by the next (the key ring is in PostgreSQL, not on an instance's disk).
/// </summary>
public sealed partial class ConsoleKeyRingTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task SignedInOnOneInstance_TheOtherServesTheSession_AndAcceptsItsForms()
    {
        var second = new AppFactory { SharedConnectionString = app.ConnectionString };
        await second.InitializeAsync();
        try
        {
            var options = new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false };
            var first = app.CreateClient(options);
            var other = second.CreateClient(options);

            // The sign-in form from the first instance, posted to the second: the antiforgery token crosses over.
            var form = await first.GetAsync("/console/signin");
            var antiforgery = Cookie(form);
            var token = AntiforgeryField().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value;
            using var post = new HttpRequestMessage(HttpMethod.Post, "/console/signin")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["__af"] = token, ["returnUrl"] = "/console/codes", ["userId"] = "admin-1", ["email"] = "a@example.com", ["admin"] = "true",
                }),
            };
            post.Headers.Add("Cookie", antiforgery);
            var signedIn = await other.SendAsync(post);
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);

            // The session cookie the second instance issued, read by the first.
            using var codes = new HttpRequestMessage(HttpMethod.Get, "/console/codes");
            codes.Headers.Add("Cookie", Cookie(signedIn));
            var page = await first.SendAsync(codes);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("a@example.com", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            // Two test instances on one machine would share a ring on disk too (the user's home); Azure's instances do
            // not, so where the ring is kept is asserted: one key, in the database both read.
            Assert.Equal(1L, await app.ScalarAsync<long>("SELECT count(*) FROM data_protection_key"));
        }
        finally
        {
            await ((IAsyncLifetime)second).DisposeAsync();
        }
    }

    private static string Cookie(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));

    [GeneratedRegex("name=\"__af\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
