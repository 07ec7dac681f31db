namespace Discounts.Functions.AdminConsole;

/// <summary>How admins sign in to the console (<c>Console:SignIn</c>).</summary>
public enum ConsoleSignIn
{
    /// <summary>No console: its pages answer 404 (a deployment that has not set up sign-in yet).</summary>
    Off,

    /// <summary>A form that signs anyone in as the user and role they type: the <c>token</c> command's sign-in, Development only.</summary>
    Development,

    /// <summary>OpenID Connect, authorization code with PKCE, against <c>Auth:Authority</c> (docs/deployment.md "Admin console").</summary>
    Oidc,
}

/// <summary>The console's settings (<c>Console:*</c>); read and refused at start by <see cref="ConsoleSite.Options"/>.</summary>
public sealed class ConsoleOptions
{
    public ConsoleSignIn? SignIn { get; set; }

    /// <summary>The console's client id at the identity provider (OIDC).</summary>
    public string? ClientId { get; set; }

    /// <summary>Its client secret, for a confidential client; a public client uses PKCE alone.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>
    /// The console's public origin (<c>https://discounts.example.com</c>): the Functions host reaches the handler over
    /// plain HTTP on loopback, so the sign-in's redirect URI is built from this. Required for OIDC outside Development.
    /// </summary>
    public Uri? PublicOrigin { get; set; }

    /// <summary>A session ends after this long without a request (sliding); at most 12 hours.</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromMinutes(60);
}
