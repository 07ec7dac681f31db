using System.Collections.Concurrent;
using System.Net;
using Azure.Core;
using Discounts.Functions.Hosting;
using Discounts.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Discounts.Tests.Database;

/// <summary>
/// <c>Database:EntraAuthentication</c>: the database password is an Entra token of the app's identity, asked for the
/// PostgreSQL audience. Entra cannot run here: the identity is a stand-in credential (the test cluster trusts
/// loopback, so what is checked is that the token is asked for, for the right audience, before the app connects).
/// </summary>
public sealed class EntraAuthenticationTests(EntraAuthenticationTests.Factory app) : IClassFixture<EntraAuthenticationTests.Factory>
{
    public sealed class Factory : AppFactory
    {
        public RecordingCredential Credential { get; } = new();

        protected override Dictionary<string, string?> Settings => new() { ["Database:EntraAuthentication"] = "true" };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<TokenCredential>(Credential));
        }
    }

    public sealed class RecordingCredential : TokenCredential
    {
        public ConcurrentQueue<string> Scopes { get; } = new();

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            foreach (var scope in requestContext.Scopes)
            {
                Scopes.Enqueue(scope);
            }

            return ValueTask.FromResult(new AccessToken("entra-token", DateTimeOffset.UtcNow.AddHours(1)));
        }
    }

    [Fact]
    public async Task Apply_EntraAuthentication_TokenOfThePostgresAudienceIsThePassword()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync();

        await (await app.ClientFor("entra-user").ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created);

        Assert.Contains(EntraPasswords.Scope, app.Credential.Scopes);
        Assert.All(app.Credential.Scopes, s => Assert.Equal(EntraPasswords.Scope, s));
    }

    [Fact]
    public void Build_EntraAuthenticationWithAPasswordInTheConnectionString_RefusesNamingTheSetting()
    {
        var refused = Assert.Throws<InvalidSettingException>(() => AppSetup.Build(
        [
            "--environment=Development", "--Database:EntraAuthentication=true",
            "--ConnectionStrings:Discounts=Host=127.0.0.1;Port=1;Database=none;Username=app;Password=secret",
        ]));

        Assert.Equal("ConnectionStrings:Discounts", refused.Setting);
    }
}
