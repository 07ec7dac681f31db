using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using Discounts.Functions.Auth;
using Discounts.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Discounts.Tests.Security;

/// <summary>
/// A refused caller is told why (issue 13): each kind of missing or bad token answers 401 problem+json with the stable
/// <c>code</c> "unauthenticated", a stable <c>reason</c>, a <c>detail</c> naming the problem, and the RFC 6750
/// <c>WWW-Authenticate</c> challenge; never a key, nor the audience or issuer the service expects.
/// </summary>
public sealed class UnauthenticatedAnswerTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string OtherKey = "another-signing-key-0123456789-abcdefghijk";

    /// <summary>Case name, Authorization header (null: none), reason, a phrase of the detail, the challenge's error (null: bare "Bearer").</summary>
    public static TheoryData<string, string?, string, string, string?> BadCredentials() => new()
    {
        { "missing", null, "missing_token", "no bearer token", null },
        { "basic", "Basic dXNlcjpwYXNzd29yZA==", "malformed_token", "bearer scheme", null },
        { "empty bearer", "Bearer", "malformed_token", "carries no token", "invalid_request" },
        { "not a jwt", "Bearer not-a-jwt", "malformed_token", "not a well-formed", "invalid_token" },
        { "bad base64", "Bearer e30!.e30$.c2ln%", "malformed_token", "not a well-formed", "invalid_token" },
        { "expired", "expired", "token_expired", "expired at", "invalid_token" },
        { "not yet valid", "not-yet-valid", "token_not_yet_valid", "not valid before", "invalid_token" },
        { "wrong audience", "wrong-audience", "invalid_audience", "audience", "invalid_token" },
        { "wrong issuer", "wrong-issuer", "invalid_issuer", "issuer", "invalid_token" },
        { "another key", "another-key", "invalid_signature", "signature", "invalid_token" },
        { "another algorithm", "rs256", "invalid_signature", "algorithm", "invalid_token" },
        { "unsigned", "unsigned", "invalid_signature", "signature", "invalid_token" },
        { "no subject", "no-subject", "no_subject", "subject", "invalid_token" },
    };

    private string? Header(string kind)
    {
        var now = DateTimeOffset.UtcNow;
        var auth = app.Auth;
        string Jwt(AuthOptions options, DateTimeOffset from, TimeSpan lifetime) => DevTokens.Create(options, "mallory", null, true, from, lifetime);
        return kind switch
        {
            "expired" => "Bearer " + Jwt(auth, now.AddHours(-3), TimeSpan.FromHours(1)),
            "not-yet-valid" => "Bearer " + Jwt(auth, now.AddHours(2), TimeSpan.FromHours(1)),
            "wrong-audience" => "Bearer " + Jwt(new() { SigningKey = auth.SigningKey, Issuer = auth.Issuer, Audience = "someone-else" }, now, TimeSpan.FromHours(1)),
            "wrong-issuer" => "Bearer " + Jwt(new() { SigningKey = auth.SigningKey, Issuer = "https://issuer.example", Audience = auth.Audience }, now, TimeSpan.FromHours(1)),
            "another-key" => "Bearer " + Jwt(new() { SigningKey = OtherKey, Issuer = auth.Issuer, Audience = auth.Audience }, now, TimeSpan.FromHours(1)),
            "rs256" => "Bearer " + Signed(auth, new SigningCredentials(new RsaSecurityKey(RSA.Create(2048)) { KeyId = "rsa-key-1" }, SecurityAlgorithms.RsaSha256), subject: true),
            "unsigned" => "Bearer " + Signed(auth, null, subject: true),
            "no-subject" => "Bearer " + Signed(auth, new SigningCredentials(DevTokens.Key(auth), SecurityAlgorithms.HmacSha256), subject: false),
            _ => kind,
        };
    }

    private static string Signed(AuthOptions auth, SigningCredentials? credentials, bool subject)
    {
        var claims = new List<Claim> { new("role", "admin") };
        if (subject)
        {
            claims.Add(new Claim("sub", "mallory"));
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = auth.Issuer,
            Audience = auth.Audience,
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = credentials,
        });
    }

    [Theory]
    [MemberData(nameof(BadCredentials))]
    public async Task BadOrMissingToken_401ProblemSaysWhy_ChallengeAsRfc6750_NoSecrets(string name, string? authorization, string reason, string phrase, string? error)
    {
        var template = await app.TemplateAsync();
        var header = authorization is null ? null : Header(authorization);
        var requests = new[]
        {
            new HttpRequestMessage(HttpMethod.Post, "/api/discount/apply") { Content = JsonContent.Create(new { code = "ANYCODE", templateId = template.Id }) },
            new HttpRequestMessage(HttpMethod.Get, "/api/manage/discounts"),
        };
        foreach (var request in requests)
        {
            if (header is not null)
            {
                Assert.True(request.Headers.TryAddWithoutValidation("Authorization", header));
            }

            var response = await app.CreateClient().SendAsync(request);
            var raw = await response.Content.ReadAsStringAsync();
            var body = await response.ExpectProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
            var where = $"{name}, {request.RequestUri}: {raw}";
            Assert.True(reason == (string?)body["reason"], where);
            var detail = (string?)body["detail"] ?? "";
            Assert.True(detail.Contains(phrase, StringComparison.OrdinalIgnoreCase), where);

            var challenge = Assert.Single(response.Headers.WwwAuthenticate);
            Assert.Equal("Bearer", challenge.Scheme);
            if (error is null)
            {
                Assert.Null(challenge.Parameter);
            }
            else
            {
                Assert.Equal($"error=\"{error}\", error_description=\"{detail}\"", challenge.Parameter);
            }

            var everything = raw + " " + challenge;
            Assert.DoesNotContain(app.Auth.SigningKey!, everything, StringComparison.Ordinal);
            Assert.DoesNotContain(OtherKey, everything, StringComparison.Ordinal);
            Assert.DoesNotContain("rsa-key-1", everything, StringComparison.Ordinal);
            Assert.DoesNotContain($"\"{app.Auth.Audience}\"", raw, StringComparison.Ordinal);
            Assert.DoesNotContain($"'{app.Auth.Audience}'", everything, StringComparison.Ordinal);
            Assert.DoesNotContain($"'{app.Auth.Issuer}'", everything, StringComparison.Ordinal);
            if (header is { Length: > 7 } && header.StartsWith("Bearer ", StringComparison.Ordinal))
            {
                Assert.DoesNotContain(header[7..], everything, StringComparison.Ordinal); // the token is not echoed either
            }
        }
    }

    [Fact]
    public async Task NonAdminOnAdminFunction_403ProblemNamesTheRole_InsufficientScopeChallenge()
    {
        var response = await app.ClientFor("plain-user").GetAsync("/api/manage/discounts");
        var body = await response.ExpectProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("role_required", (string?)body["reason"]);
        var detail = (string?)body["detail"] ?? "";
        Assert.Contains("role admin", detail, StringComparison.Ordinal);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Equal($"error=\"insufficient_scope\", error_description=\"{detail}\"", challenge.Parameter);
    }

    [Fact]
    public async Task ValidToken_NoChallenge()
    {
        var response = await app.ClientFor("an-admin", admin: true).GetAsync("/api/manage/discounts");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Headers.WwwAuthenticate);
    }
}
