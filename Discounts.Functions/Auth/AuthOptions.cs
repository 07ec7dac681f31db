namespace Discounts.Functions.Auth;

/// <summary>Token validation settings (api.md "Identity").</summary>
public sealed class AuthOptions
{
    /// <summary>HS256 shared secret (UTF-8 bytes, at least 32) for local tokens; empty when only an authority is used.</summary>
    public string? SigningKey { get; set; }

    public string Issuer { get; set; } = "discounts-local";

    public string Audience { get; set; } = "discounts-api";

    /// <summary>OIDC authority whose discovery document and JWKS sign production tokens (its issuer is then taken from discovery).</summary>
    public string? Authority { get; set; }

    /// <summary>Discovery over HTTPS only; tests on loopback turn it off.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>The claim that carries roles (an identity provider may call it <c>roles</c>).</summary>
    public string RoleClaim { get; set; } = "role";

    public const int MinimumKeyBytes = 32;
}
