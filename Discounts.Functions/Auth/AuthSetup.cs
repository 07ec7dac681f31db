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
            throw new InvalidSettingException("Auth:SigningKey", $"must be at least {AuthOptions.MinimumKeyBytes} bytes (UTF-8), or set Auth:Authority for tokens from an identity provider.");
        }

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            var oidc = !string.IsNullOrEmpty(options.Authority);
            if (oidc)
            {
                jwt.Authority = options.Authority;
                jwt.RequireHttpsMetadata = options.RequireHttpsMetadata;
            }

            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidateIssuer = true,
                // With an authority, the issuer (and the keys) come from its discovery document.
                ValidIssuer = oidc ? null : options.Issuer,
                ValidateAudience = true,
                ValidAudience = options.Audience,
                ValidateLifetime = true,
                ClockSkew = TimeSpan.FromSeconds(30),
                NameClaimType = "sub",
                RoleClaimType = options.RoleClaim,
                IssuerSigningKey = string.IsNullOrEmpty(options.SigningKey) ? null : DevTokens.Key(options),
                ValidAlgorithms = oidc ? null : [SecurityAlgorithms.HmacSha256],
            };
            // A token names its user or it authenticates no one: without a subject it is refused here (401), so no
            // function ever sees a caller without a user id (api.md: 401 for a missing or invalid token). Every 401
            // and 403 of the bearer scheme says why, in one place for all functions (BearerAnswers).
            jwt.Events = new JwtBearerEvents
            {
                OnTokenValidated = context =>
                {
                    if (string.IsNullOrWhiteSpace(context.Principal?.FindFirst("sub")?.Value))
                    {
                        context.Fail(new TokenWithoutSubjectException());
                    }

                    return Task.CompletedTask;
                },
                OnChallenge = BearerAnswers.ChallengeAsync,
                OnForbidden = BearerAnswers.ForbiddenAsync,
            };
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(FunctionEndpoints.UserPolicy, p => p.RequireAuthenticatedUser().RequireClaim("sub"))
            .AddPolicy(FunctionEndpoints.AdminPolicy, p => p.RequireAuthenticatedUser().RequireClaim("sub").RequireRole("admin"));
    }
}
