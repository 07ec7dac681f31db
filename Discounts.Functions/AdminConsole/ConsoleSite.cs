using System.Security.Claims;
using Discounts.Functions.Auth;
using Discounts.Functions.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Npgsql;

namespace Discounts.Functions.AdminConsole;

/// <summary>
/// The admin console at <c>/console/</c>: Razor Pages rendered on the server over the same Core services the admin
/// functions call, a cookie session (its own scheme: the API keeps bearer tokens), antiforgery on every form, and
/// a strict Content-Security-Policy. Served through one catch-all function of the catalog.
/// </summary>
public sealed class ConsoleSite : IHttpSite
{
    public const string PathBase = "/console";
    public const string Scheme = "Console";
    public const string Policy = "console";
    public const string TimeZoneCookie = "console_tz";
    public const string OidcScheme = "ConsoleOidc";
    private const string SessionCookie = "console";

    /// <summary>The console's settings; a choice that would be unsafe stops the start with the setting's name.</summary>
    public static ConsoleOptions Options(IConfiguration configuration, IHostEnvironment environment, AuthOptions auth)
    {
        var options = new ConsoleOptions();
        try
        {
            configuration.GetSection("Console").Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidSettingException("Console:SignIn", "must be 'off', 'development' or 'oidc' (and Console:SessionTimeout a time span).", ex);
        }

        options.SignIn ??= environment.IsDevelopment() ? ConsoleSignIn.Development
            : !string.IsNullOrEmpty(auth.Authority) && !string.IsNullOrEmpty(options.ClientId) ? ConsoleSignIn.Oidc
            : ConsoleSignIn.Off;
        switch (options.SignIn)
        {
            case ConsoleSignIn.Development when !environment.IsDevelopment():
                throw new InvalidSettingException("Console:SignIn", "'development' signs anyone in as admin: only in the Development environment. Use 'oidc'.");
            case ConsoleSignIn.Oidc when string.IsNullOrEmpty(auth.Authority):
                throw new InvalidSettingException("Auth:Authority", "is required for Console:SignIn 'oidc' (the identity provider admins sign in with).");
            case ConsoleSignIn.Oidc when string.IsNullOrEmpty(options.ClientId):
                throw new InvalidSettingException("Console:ClientId", "is required for Console:SignIn 'oidc' (the console's client id at the identity provider).");
        }

        if (options.PublicOrigin is { } origin && (!origin.IsAbsoluteUri || origin.AbsolutePath != "/" || origin.Query.Length > 0 ||
            (origin.Scheme != Uri.UriSchemeHttps && !(environment.IsDevelopment() && origin.Scheme == Uri.UriSchemeHttp))))
        {
            throw new InvalidSettingException("Console:PublicOrigin", "must be an https origin such as https://discounts.example.com (no path).");
        }

        if (options.SignIn == ConsoleSignIn.Oidc && options.PublicOrigin is null && !environment.IsDevelopment())
        {
            throw new InvalidSettingException("Console:PublicOrigin", "is required for Console:SignIn 'oidc': the identity provider sends admins back to it.");
        }

        if (options.SessionTimeout <= TimeSpan.Zero || options.SessionTimeout > TimeSpan.FromHours(12))
        {
            throw new InvalidSettingException("Console:SessionTimeout", "must be positive and at most 12 hours.");
        }

        return options;
    }

    public static void AddServices(IServiceCollection services, IConfiguration configuration, IHostEnvironment environment, AuthOptions auth)
    {
        var options = Options(configuration, environment, auth);
        services.AddSingleton(options);
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/AdminConsole/Pages";
            o.Conventions.AddFolderRouteModelConvention("/", model =>
            {
                foreach (var selector in model.Selectors)
                {
                    selector.AttributeRouteModel!.Template = AttributeRouteModel.CombineTemplates(PathBase[1..], selector.AttributeRouteModel.Template);
                }
            });
            o.Conventions.AuthorizeFolder("/", Policy);
            o.Conventions.AllowAnonymousToPage("/SignIn");
            o.Conventions.AllowAnonymousToPage("/Forbidden");
            o.Conventions.AllowAnonymousToPage("/SignOut");
            o.Conventions.AllowAnonymousToPage("/Error");
        });
        // Outside Development every console cookie is Secure and host-only (__Host-): the Functions host reaches the
        // handler over plain HTTP on loopback, so "same as request" would not be. On a developer's http://localhost
        // they cannot be.
        var development = environment.IsDevelopment();
        var secure = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        var cookiePrefix = development ? "" : "__Host-";
        // One key ring for every instance (ConsoleKeyRing); the application name keeps it apart from any other app's.
        services.AddDataProtection().SetApplicationName("discounts-console");
        services.AddOptions<KeyManagementOptions>().Configure<NpgsqlDataSource>((o, dataSource) => o.XmlRepository = new ConsoleKeyRing(dataSource));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = cookiePrefix + "console-af";
            o.Cookie.Path = "/";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = secure;
            o.FormFieldName = "__af";
        });

        var authentication = services.AddAuthentication();
        authentication.AddCookie(Scheme, cookie =>
        {
            cookie.Cookie.Name = cookiePrefix + SessionCookie;
            cookie.Cookie.Path = "/";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax; // the identity provider's redirect back is a top-level navigation
            cookie.Cookie.SecurePolicy = secure;
            cookie.ExpireTimeSpan = options.SessionTimeout;
            cookie.SlidingExpiration = true;
            cookie.LoginPath = PathBase + "/signin";
            cookie.AccessDeniedPath = PathBase + "/forbidden";
            cookie.ReturnUrlParameter = "returnUrl";
            cookie.Events = new CookieAuthenticationEvents
            {
                // A session that was there and ran out says so on the sign-in page; a first visit just signs in.
                OnRedirectToLogin = c =>
                {
                    c.Response.Redirect(c.Request.Cookies.ContainsKey(cookiePrefix + SessionCookie) ? c.RedirectUri + "&reason=expired" : c.RedirectUri);
                    return Task.CompletedTask;
                },
            };
        });
        if (options.SignIn == ConsoleSignIn.Oidc)
        {
            authentication.AddOpenIdConnect(OidcScheme, oidc =>
            {
                oidc.SignInScheme = Scheme;
                oidc.Authority = auth.Authority;
                oidc.RequireHttpsMetadata = auth.RequireHttpsMetadata;
                oidc.ClientId = options.ClientId;
                oidc.ClientSecret = string.IsNullOrEmpty(options.ClientSecret) ? null : options.ClientSecret;
                oidc.ResponseType = OpenIdConnectResponseType.Code;
                oidc.UsePkce = true;
                // The code comes back on a top-level GET (the code is single-use and bound to the PKCE verifier), so the
                // correlation and nonce cookies can be SameSite=Lax rather than None (which a browser drops without Secure).
                oidc.ResponseMode = OpenIdConnectResponseMode.Query;
                oidc.CorrelationCookie.SameSite = SameSiteMode.Lax;
                oidc.NonceCookie.SameSite = SameSiteMode.Lax;
                oidc.CallbackPath = PathBase + "/signin-oidc";
                oidc.SignedOutCallbackPath = PathBase + "/signout-oidc";
                oidc.SignedOutRedirectUri = PathBase + "/signin?reason=signedout";
                oidc.MapInboundClaims = false;
                oidc.SaveTokens = false;
                oidc.Scope.Clear();
                oidc.Scope.Add("openid");
                oidc.Scope.Add("profile");
                oidc.Scope.Add("email");
                oidc.TokenValidationParameters.NameClaimType = "sub";
                oidc.TokenValidationParameters.RoleClaimType = auth.RoleClaim;
                oidc.CorrelationCookie.SecurePolicy = secure;
                oidc.NonceCookie.SecurePolicy = secure;
            });
        }

        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p
            .AddAuthenticationSchemes(Scheme)
            .RequireAuthenticatedUser()
            .RequireClaim("sub")
            .RequireRole("admin"));
    }

    /// <summary>The development sign-in: the same claims the <c>token</c> command puts in a token.</summary>
    public static ClaimsPrincipal DevelopmentPrincipal(string userId, string? email, bool admin)
    {
        var claims = new List<Claim> { new("sub", userId) };
        if (!string.IsNullOrEmpty(email))
        {
            claims.Add(new Claim("email", email));
        }

        if (admin)
        {
            claims.Add(new Claim("role", "admin"));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, "development", "sub", "role"));
    }

    public void Map(IEndpointRouteBuilder endpoints, HttpTrigger trigger)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<ConsoleOptions>();
        if (options.SignIn == ConsoleSignIn.Off)
        {
            return;
        }

        endpoints.MapRazorPages();
        endpoints.MapGet(PathBase, () => Results.Redirect(PathBase + "/codes")).AllowAnonymous().ExcludeFromDescription();
    }

    /// <summary>Security headers and static files for console paths; before authentication, so every answer carries them.</summary>
    public static void UsePipeline(IApplicationBuilder app)
    {
        app.UseWhen(c => c.Request.Path.StartsWithSegments(PathBase), console =>
        {
            console.Use((context, next) =>
            {
                var options = context.RequestServices.GetRequiredService<ConsoleOptions>();
                if (options.PublicOrigin is { } origin)
                {
                    // Behind the Functions host the request arrives as http://127.0.0.1:<port>: links and the sign-in's
                    // redirect URI are the public origin's.
                    context.Request.Scheme = origin.Scheme;
                    context.Request.Host = new HostString(origin.Authority);
                }

                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy(options, context.RequestServices.GetRequiredService<IConfiguration>());
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "same-origin";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
                if (!context.Request.Path.StartsWithSegments(PathBase + "/assets"))
                {
                    headers.CacheControl = "no-store";
                }

                return next(context);
            });
            // Browsers get pages, not problem+json: a failure inside the console (an expired form among them) is shown
            // by the console's error page.
            console.UseExceptionHandler(PathBase + "/error");
            console.UseStatusCodePagesWithReExecute(PathBase + "/error", "?failed={0}");
            console.UseStaticFiles();
        });
    }

    /// <summary>No inline script or style, nothing from another origin; forms post here (or to the identity provider on sign-out).</summary>
    private static string ContentSecurityPolicy(ConsoleOptions options, IConfiguration configuration)
    {
        var formAction = "'self'";
        if (options.SignIn == ConsoleSignIn.Oidc && Uri.TryCreate(configuration["Auth:Authority"], UriKind.Absolute, out var authority))
        {
            formAction += " " + authority.GetLeftPart(UriPartial.Authority);
        }

        return $"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
            $"form-action {formAction}; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
    }

    /// <summary>Only a console path: a link or form never sends the admin anywhere else.</summary>
    public static string SafeReturnUrl(string? url) =>
        url is { Length: > 0 } && url.StartsWith(PathBase + "/", StringComparison.Ordinal) && !url.StartsWith("//", StringComparison.Ordinal) &&
        !url.Contains('\\', StringComparison.Ordinal)
            ? url
            : PathBase + "/codes";

    /// <summary>Signs out of the console (and of the identity provider with OIDC).</summary>
    public static async Task SignOutAsync(HttpContext context, ConsoleOptions options)
    {
        await context.SignOutAsync(Scheme);
        if (options.SignIn == ConsoleSignIn.Oidc)
        {
            await context.SignOutAsync(OidcScheme, new AuthenticationProperties { RedirectUri = PathBase + "/signin?reason=signedout" });
        }
    }
}
