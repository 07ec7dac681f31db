using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using Discounts.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Discounts.Tests.Security;

/// <summary>Production identity: tokens from an OIDC authority, keys found through discovery and JWKS, roles from a configurable claim.</summary>
public sealed class OidcAuthorityTests(OidcAuthorityTests.OidcApp app) : IClassFixture<OidcAuthorityTests.OidcApp>
{
    public sealed class OidcApp : AppFactory
    {
        private static readonly string[] Algorithms = ["RS256"];

        public RSA Key { get; } = RSA.Create(2048);

        public string Authority { get; private set; } = "";

        private WebApplication? idp;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var parameters = Key.ExportParameters(false);
            (idp, Authority) = await LoopbackServer.StartAsync(server =>
            {
                server.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
                {
                    ["issuer"] = Authority,
                    ["jwks_uri"] = Authority + "/jwks",
                    ["id_token_signing_alg_values_supported"] = Algorithms,
                }));
                server.MapGet("/jwks", () => Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = "test-key", n = Base64UrlEncoder.Encode(parameters.Modulus), e = Base64UrlEncoder.Encode(parameters.Exponent) } } }));
            });
        }

        protected override Dictionary<string, string?> Settings => new()
        {
            ["Auth:Authority"] = Authority,
            ["Auth:RequireHttpsMetadata"] = "false",
            ["Auth:RoleClaim"] = "roles",
        };

        public string IdpToken(string user, string issuer, bool admin) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(admin ? [new Claim("sub", user), new Claim("roles", "admin")] : [new Claim("sub", user)]),
            Issuer = issuer,
            Audience = "discounts-api",
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(Key) { KeyId = "test-key" }, SecurityAlgorithms.RsaSha256),
        });

        public override async ValueTask DisposeAsync()
        {
            if (idp is not null)
            {
                await idp.DisposeAsync();
            }

            Key.Dispose();
            await base.DisposeAsync();
        }
    }

    [Fact]
    public async Task TokenFromTheAuthority_Accepted_RolesFromConfiguredClaim_ForeignIssuerRefused()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(10, maxUses: 5);
        var shopper = app.CreateClient();
        shopper.DefaultRequestHeaders.Authorization = new("Bearer", app.IdpToken("oidc-user", app.Authority, admin: false));
        await (await shopper.ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created);
        await (await shopper.GetAsync("/api/manage/discounts")).ExpectProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        var admin = app.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", app.IdpToken("oidc-admin", app.Authority, admin: true));
        await (await admin.GetAsync("/api/manage/discounts")).ExpectAsync(HttpStatusCode.OK);

        var foreign = app.CreateClient();
        foreign.DefaultRequestHeaders.Authorization = new("Bearer", app.IdpToken("oidc-user", "https://other.example", admin: true));
        await (await foreign.GetAsync("/api/manage/discounts")).ExpectProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }
}
