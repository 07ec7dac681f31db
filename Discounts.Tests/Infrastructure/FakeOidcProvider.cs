using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Discounts.Tests.Infrastructure;

/// <summary>
/// An OpenID Connect provider on loopback for the console's sign-in: discovery, JWKS (an RSA key made per run),
/// an authorize endpoint that signs in <see cref="User"/> at once, and a token endpoint that checks the PKCE
/// verifier against the challenge before it issues an RS256 id_token. It records what the console sent.
/// </summary>
public sealed class FakeOidcProvider : IAsyncDisposable
{
    private readonly RSA rsa = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, (string ClientId, string Challenge, string Method, string Nonce, string RedirectUri)> codes = new();
    private WebApplication app = null!;

    public string Url { get; private set; } = "";

    /// <summary>Who signs in, and the roles in the token's <c>role</c> claim.</summary>
    public (string Subject, string Email, string[] Roles) User { get; set; } = ("oidc-admin", "oidc-admin@example.com", ["admin"]);

    public ConcurrentQueue<IReadOnlyDictionary<string, string>> AuthorizeRequests { get; } = new();

    public ConcurrentQueue<IReadOnlyDictionary<string, string>> TokenRequests { get; } = new();

    private int signOuts;

    public int SignOuts => Volatile.Read(ref signOuts);

    public static async Task<FakeOidcProvider> StartAsync()
    {
        var provider = new FakeOidcProvider();
        (provider.app, provider.Url) = await LoopbackServer.StartAsync(provider.Map);
        provider.Url = provider.Url.TrimEnd('/');
        return provider;
    }

    private void Map(WebApplication web)
    {
        var key = new RsaSecurityKey(rsa) { KeyId = "test-key" };
        string[] code = ["code"], publicSubject = ["public"], rs256 = ["RS256"], s256 = ["S256"];
        web.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Url,
            ["authorization_endpoint"] = Url + "/authorize",
            ["token_endpoint"] = Url + "/token",
            ["jwks_uri"] = Url + "/jwks",
            ["end_session_endpoint"] = Url + "/logout",
            ["response_types_supported"] = code,
            ["subject_types_supported"] = publicSubject,
            ["id_token_signing_alg_values_supported"] = rs256,
            ["code_challenge_methods_supported"] = s256,
        }));
        web.MapGet("/jwks", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(false)) { KeyId = key.KeyId });
            return Results.Json(new { keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, use = "sig", alg = "RS256", n = jwk.N, e = jwk.E } } });
        });
        web.MapGet("/authorize", (HttpRequest request) =>
        {
            var query = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
            AuthorizeRequests.Enqueue(query);
            var issued = Guid.NewGuid().ToString("N");
            codes[issued] = (query.GetValueOrDefault("client_id", ""), query.GetValueOrDefault("code_challenge", ""),
                query.GetValueOrDefault("code_challenge_method", ""), query.GetValueOrDefault("nonce", ""), query.GetValueOrDefault("redirect_uri", ""));
            var redirect = query.GetValueOrDefault("redirect_uri", "");
            return Results.Redirect($"{redirect}?code={issued}&state={Uri.EscapeDataString(query.GetValueOrDefault("state", ""))}&iss={Uri.EscapeDataString(Url)}");
        });
        web.MapPost("/token", async (HttpRequest request) =>
        {
            var form = (await request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString());
            TokenRequests.Enqueue(form);
            if (!codes.TryRemove(form.GetValueOrDefault("code", ""), out var grant) || grant.RedirectUri != form.GetValueOrDefault("redirect_uri") ||
                grant.Method != "S256" || grant.Challenge != Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form.GetValueOrDefault("code_verifier", "")))))
            {
                return Results.Json(new { error = "invalid_grant" }, statusCode: StatusCodes.Status400BadRequest);
            }

            var claims = new List<Claim> { new("sub", User.Subject), new("email", User.Email), new("nonce", grant.Nonce) };
            claims.AddRange(User.Roles.Select(r => new Claim("role", r)));
            var now = DateTime.UtcNow;
            var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = Url, Audience = grant.ClientId, Subject = new ClaimsIdentity(claims), IssuedAt = now, NotBefore = now, Expires = now.AddMinutes(5),
                SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
            });
            return Results.Json(new { id_token = idToken, access_token = Guid.NewGuid().ToString("N"), token_type = "Bearer", expires_in = 300 });
        });
        web.MapGet("/logout", (HttpRequest request) =>
        {
            Interlocked.Increment(ref signOuts);
            var back = request.Query["post_logout_redirect_uri"].ToString();
            var state = request.Query["state"].ToString();
            return Results.Redirect(state.Length > 0 ? $"{back}?state={Uri.EscapeDataString(state)}" : back);
        });
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        rsa.Dispose();
    }
}
