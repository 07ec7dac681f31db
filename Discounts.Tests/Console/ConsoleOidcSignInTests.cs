using System.Net;
using Discounts.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Discounts.Tests.Console;

/// <summary>The console in production's sign-in: OpenID Connect, authorization code with PKCE, against Auth:Authority.</summary>
public sealed class ConsoleOidcSignInTests(OidcConsoleAppFactory app) : IClassFixture<OidcConsoleAppFactory>
{
    [Fact]
    public async Task SignIn_GoesToTheIdentityProviderWithPkce_AndComesBackSignedIn_AndSignsOutThere()
    {
        app.Provider.User = ("oidc-admin", "oidc-admin@example.com", ["admin"]);
        var page = await app.NewPageAsync();

        await page.GotoAsync("/console/codes?status=active");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with your organization" }).ClickAsync();
        await page.WaitForURLAsync("**/console/codes?status=active");

        await Assertions.Expect(page.Locator(".who")).ToHaveTextAsync("oidc-admin@example.com");
        var authorize = app.Provider.AuthorizeRequests.Last();
        Assert.Equal("code", authorize["response_type"]);
        Assert.Equal("S256", authorize["code_challenge_method"]);
        Assert.Equal(OidcConsoleAppFactory.ClientId, authorize["client_id"]);
        Assert.Equal(app.BaseUrl + "/console/signin-oidc", authorize["redirect_uri"]);
        Assert.Contains("openid", authorize["scope"].Split(' '));
        Assert.False(string.IsNullOrEmpty(app.Provider.TokenRequests.Last().GetValueOrDefault("code_verifier")));

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/console/signin?reason=signedout");
        Assert.Equal(1, app.Provider.SignOuts);
        await page.GotoAsync("/console/codes");
        Assert.Contains("/console/signin", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignedInAtTheProviderWithoutTheAdminRole_Sees403()
    {
        app.Provider.User = ("oidc-shopper", "oidc-shopper@example.com", []);
        var page = await app.NewPageAsync();
        await page.GotoAsync("/console/codes");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with your organization" }).ClickAsync();
        await page.WaitForURLAsync("**/console/forbidden**");

        var response = await page.ReloadAsync();

        Assert.Equal((int)HttpStatusCode.Forbidden, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task TheDevelopmentSignIn_DoesNotExistBesideOidc()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/console/signin");
        Assert.Equal(0, await page.GetByLabel("User id").CountAsync());

        var form = page.Context.APIRequest.CreateFormData();
        form.Set("userId", "mallory");
        form.Set("admin", "true");
        var response = await page.Context.APIRequest.PostAsync("/console/signin", new() { Form = form, MaxRedirects = 0 });

        Assert.NotEqual((int)HttpStatusCode.Redirect, response.Status);
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "console");
    }
}

/// <summary>The console app signing admins in through <see cref="FakeOidcProvider"/>.</summary>
public sealed class OidcConsoleAppFactory : ConsoleAppFactory
{
    public const string ClientId = "discounts-console";

    public FakeOidcProvider Provider { get; private set; } = null!;

    protected override Dictionary<string, string?> Settings => new()
    {
        ["Console:SignIn"] = "oidc",
        ["Console:ClientId"] = ClientId,
        ["Auth:Authority"] = Provider.Url,
        ["Auth:RequireHttpsMetadata"] = "false",
    };

    public override async Task InitializeAsync()
    {
        Provider = await FakeOidcProvider.StartAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Provider.DisposeAsync();
    }
}
