using System.Diagnostics;
using System.Net;
using Discounts.Core.Checkout;
using Discounts.Functions.AdminConsole;
using Discounts.Functions.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Discounts.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Discounts.Tests.Hosting;

/// <summary>
/// design.md "Configuration fails closed": outside Development a missing or weak setting that guards money or
/// identity stops the start with one line naming it; nothing falls back to the local checkout or its secret.
/// </summary>
public sealed class FailClosedSettingsTests(AppFactory app) : IClassFixture<AppFactory>
{
    /// <summary>A production configuration that starts; each case below breaks one setting of it.</summary>
    private static Dictionary<string, string?> Production() => new()
    {
        ["environment"] = "Production",
        ["ConnectionStrings:Discounts"] = "Host=127.0.0.1;Port=1;Database=none;Username=app",
        ["Auth:SigningKey"] = "production-test-signing-key-0123456789abcdef",
        ["Stripe:SecretKey"] = "sk_test_production",
        ["Stripe:WebhookSecret"] = "whsec_production",
    };

    private static string[] Args(Dictionary<string, string?> settings) =>
        settings.Where(s => s.Value is not null).Select(s => $"--{s.Key}={s.Value}").ToArray();

    [Fact]
    public async Task Build_ProductionSettings_Starts()
    {
        await using var built = AppSetup.Build(Args(Production()));
        Assert.Equal(CheckoutMode.Stripe, built.Services.GetRequiredService<CheckoutOptions>().Mode);
    }

    [Theory]
    [InlineData("Stripe:SecretKey", null, "Stripe:SecretKey")]
    [InlineData("Stripe:SecretKey", " ", "Stripe:SecretKey")]
    [InlineData("Stripe:WebhookSecret", null, "Stripe:WebhookSecret")]
    [InlineData("Auth:SigningKey", "short-key", "Auth:SigningKey")]
    [InlineData("Auth:SigningKey", null, "Auth:SigningKey")]
    [InlineData("ConnectionStrings:Discounts", null, "ConnectionStrings:Discounts")]
    [InlineData("ConnectionStrings:Discounts", "Host=db;Bogus Keyword=1", "ConnectionStrings:Discounts")]
    [InlineData("ConnectionStrings:DiscountsMigrations", "not a connection string", "ConnectionStrings:DiscountsMigrations")]
    [InlineData("Checkout:Mode", "paypal", "Checkout:Mode")]
    [InlineData("Checkout:SessionTtl", "00:10:00", "Checkout:SessionTtl")]
    [InlineData("Network:TrustedProxies", "10.0.0.0/8, banana", "Network:TrustedProxies")]
    [InlineData("Network:TrustedProxies", "0.0.0.0/0", "Network:TrustedProxies")]
    [InlineData("Network:TrustedProxies", "::/0", "Network:TrustedProxies")]
    [InlineData("Network:TrustedProxyHops", "1", "Network:TrustedProxyHops")]
    [InlineData("RateLimits:AddressCeiling", "-1", "RateLimits:AddressCeiling")]
    [InlineData("Reservations:MaxHoldsPerAddress", "0", "Reservations:MaxHoldsPerAddress")]
    [InlineData("Console:SignIn", "development", "Console:SignIn")]
    [InlineData("Console:SignIn", "banana", "Console:SignIn")]
    [InlineData("Console:SignIn", "oidc", "Auth:Authority")]
    [InlineData("Console:SessionTimeout", "13:00:00", "Console:SessionTimeout")]
    [InlineData("Console:SessionTimeout", "-00:01:00", "Console:SessionTimeout")]
    [InlineData("Console:PublicOrigin", "http://discounts.example.com", "Console:PublicOrigin")]
    [InlineData("Console:PublicOrigin", "https://discounts.example.com/console", "Console:PublicOrigin")]
    public void Build_ProductionWithOneSettingMissingOrUnsafe_RefusesNamingTheSetting(string key, string? value, string named)
    {
        var settings = Production();
        settings[key] = value;

        var refused = Assert.Throws<InvalidSettingException>(() => AppSetup.Build(Args(settings)));

        Assert.Equal(named, refused.Setting);
        Assert.StartsWith(named + " ", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refused.Message);
    }

    [Fact]
    public void Build_ProductionConsoleOidcWithoutItsClientId_RefusesNamingIt()
    {
        var settings = Production();
        settings["Console:SignIn"] = "oidc";
        settings["Auth:Authority"] = "https://login.example.com/tenant/v2.0";

        var refused = Assert.Throws<InvalidSettingException>(() => AppSetup.Build(Args(settings)));

        Assert.Equal("Console:ClientId", refused.Setting);
        settings["Console:ClientId"] = "discounts-console";
        Assert.Equal("Console:PublicOrigin", Assert.Throws<InvalidSettingException>(() => AppSetup.Build(Args(settings))).Setting);
    }

    /// <summary>Without a sign-in configured, production has no console at all (not a development sign-in).</summary>
    [Fact]
    public async Task Build_ProductionWithoutConsoleSignIn_MapsNoConsolePage()
    {
        await using var built = AppSetup.Build(Args(Production()));

        Assert.Equal(ConsoleSignIn.Off, built.Services.GetRequiredService<ConsoleOptions>().SignIn);
        Assert.DoesNotContain(((IEndpointRouteBuilder)built).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>(),
            e => e.RoutePattern.RawText!.TrimStart('/').StartsWith("console", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Outside Development every console cookie is Secure and host-only, whatever the scheme the handler sees.</summary>
    [Fact]
    public async Task Build_ProductionConsole_CookiesAreSecureAndHostOnly()
    {
        var settings = Production();
        settings["Console:SignIn"] = "oidc";
        settings["Console:ClientId"] = "discounts-console";
        settings["Console:PublicOrigin"] = "https://discounts.example.com";
        settings["Auth:Authority"] = "https://login.example.com/tenant/v2.0";

        await using var built = AppSetup.Build(Args(settings));

        var session = built.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(ConsoleSite.Scheme).Cookie;
        Assert.Equal(("__Host-console", CookieSecurePolicy.Always, true, SameSiteMode.Lax), (session.Name, session.SecurePolicy, session.HttpOnly, session.SameSite));
        var antiforgery = built.Services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie;
        Assert.Equal(("__Host-console-af", CookieSecurePolicy.Always, SameSiteMode.Strict), (antiforgery.Name, antiforgery.SecurePolicy, antiforgery.SameSite));
        var oidc = built.Services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(ConsoleSite.OidcScheme);
        Assert.Equal((CookieSecurePolicy.Always, CookieSecurePolicy.Always, true), (oidc.CorrelationCookie.SecurePolicy, oidc.NonceCookie.SecurePolicy, oidc.UsePkce));
    }

    [Fact]
    public async Task Build_ProductionWithoutStripeKeysButLocalModeChosen_UsesTheLocalCheckout()
    {
        var settings = Production();
        settings["Stripe:SecretKey"] = null;
        settings["Stripe:WebhookSecret"] = null;
        settings["Checkout:Mode"] = "local";

        await using var built = AppSetup.Build(Args(settings));

        Assert.True(built.Services.GetRequiredService<CheckoutOptions>().UseLocalCheckout);
    }

    [Fact]
    public async Task StripeMode_LocalPayRouteAndDevelopmentSecret_DoNotExist()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync();
        using var client = app.ClientFor("fail-closed-user");
        var reservation = await (await client.ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created);
        var checkout = await (await client.CheckoutAsync(template.Id, reservation.Id("reservationId"))).ExpectAsync(HttpStatusCode.Created);
        var sessionId = (string)checkout["sessionId"]!;

        using var anonymous = app.CreateClient();
        var pay = await anonymous.PostAsync($"/checkout/local/{sessionId}/pay", null);
        Assert.Equal(HttpStatusCode.NotFound, pay.StatusCode);

        var (payload, signature) = app.SignedEvent("checkout.session.completed", app.Stripe.Complete(sessionId), secret: CheckoutOptions.LocalWebhookSecret);
        await (await anonymous.WebhookAsync(payload, signature)).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
        Assert.Equal("pending", await app.PurchaseStatusAsync(checkout.Id("purchaseId")));
        Assert.Equal("reserved", await app.UsageStatusAsync(reservation.Id("reservationId")));
    }

    [Fact]
    public async Task Process_ProductionWithoutStripeKeys_ExitsWithOneLineNamingTheSetting()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Discounts.Functions.dll"));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__Discounts"] = "Host=127.0.0.1;Port=1;Database=none;Username=app";
        start.Environment["Auth__SigningKey"] = "production-test-signing-key-0123456789abcdef";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(78, process.ExitCode);
        var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["Configuration error: Stripe:SecretKey is required: payments go through Stripe unless Checkout:Mode is 'local'."], lines);
        Assert.Equal("", (await stdout).Trim());
    }
}
