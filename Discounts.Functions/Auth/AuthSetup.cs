using System.Text;
using Discounts.Functions.Hosting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Discounts.Functions.Auth;

public static class AuthSetup
{
    /// <summary>JWT bearer: signature, exp/nbf, issuer and audience; keys from the local secret and/or an OIDC authority.</summary>
    public static void AddDiscountsAuth(this IServiceCollection services, AuthOptions options)
    {
        if (string.IsNullOrEmpty(options.Authority) &&
            (string.IsNullOrEmpty(options.SigningKey) || Encoding.UTF8.GetByteCount(options.SigningKey) < AuthOptions.MinimumKeyBytes))
        {
            throw new InvalidOperationException($"Set Auth:Authority, or Auth:SigningKey of at least {AuthOptions.MinimumKeyBytes} bytes.");
        }

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            if (!string.IsNullOrEmpty(options.Authority))
            {
                jwt.Authority = options.Authority;
            }

            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidateIssuer = true,
                ValidIssuer = options.Issuer,
                ValidateAudience = true,
                ValidAudience = options.Audience,
                ValidateLifetime = true,
                ClockSkew = TimeSpan.FromSeconds(30),
                NameClaimType = "sub",
                RoleClaimType = "role",
                IssuerSigningKey = string.IsNullOrEmpty(options.SigningKey) ? null : DevTokens.Key(options),
                ValidAlgorithms = string.IsNullOrEmpty(options.Authority) ? [SecurityAlgorithms.HmacSha256] : null,
            };
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(FunctionEndpoints.UserPolicy, p => p.RequireAuthenticatedUser().RequireClaim("sub"))
            .AddPolicy(FunctionEndpoints.AdminPolicy, p => p.RequireAuthenticatedUser().RequireClaim("sub").RequireRole("admin"));
    }
}
