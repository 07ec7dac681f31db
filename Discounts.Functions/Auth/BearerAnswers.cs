using System.Globalization;
using Discounts.Functions.Hosting;
using Discounts.Functions.Http;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.Tokens;

namespace Discounts.Functions.Auth;

/// <summary>
/// The bearer scheme's 401 and 403 answers, for every function at once (JwtBearer's challenge and forbid events):
/// problem details with the stable <c>code</c>, a stable <c>reason</c> (<see cref="AccessReasons"/>) and a
/// <c>detail</c> that says why, and the RFC 6750 challenge — <c>Bearer</c> alone when no bearer token was sent
/// (section 3.1: no error for a request without one), <c>error="invalid_token"</c> for a token refused,
/// <c>error="insufficient_scope"</c> for a missing role. The texts never carry a key, a key id, the token, nor the
/// audience or issuer this service expects. The console's cookie scheme has its own answers (sign-in and forbidden pages).
/// </summary>
public static class BearerAnswers
{
    private const string BearerScheme = "Bearer";

    public const string UnauthenticatedTitle = "The request is not authenticated.";

    public const string ForbiddenTitle = "The caller may not do this.";

    public static async Task ChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var (reason, detail, error) = context.AuthenticateFailure is { } failure
            ? Refused(failure)
            : NoBearerToken(context.Request);
        context.Response.Headers.WWWAuthenticate = Challenge(error, detail);
        await WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, Problems.Unauthenticated, UnauthenticatedTitle, reason, detail);
    }

    public static async Task ForbiddenAsync(ForbiddenContext context)
    {
        // The only bearer requirement an authenticated caller (one with a subject) can fail is a role's.
        var roles = context.HttpContext.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>()
            .Any(a => a.Policy == FunctionEndpoints.AdminPolicy || a.Roles is not null) == true ? "admin" : null;
        var detail = roles is null ? "The caller may not use this function." : $"This function needs role {roles}; the token does not carry it.";
        context.Response.Headers.WWWAuthenticate = Challenge("insufficient_scope", detail);
        await WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, Problems.Forbidden, ForbiddenTitle, AccessReasons.RoleRequired, detail);
    }

    /// <summary>Why a token that was sent was refused; <paramref name="failure"/> is the validator's exception.</summary>
    public static (string Reason, string Detail, string Error) Refused(Exception failure)
    {
        if (failure is AggregateException { InnerExceptions.Count: > 0 } several)
        {
            failure = several.InnerExceptions[0];
        }

        var (reason, detail) = failure switch
        {
            TokenWithoutSubjectException => (AccessReasons.NoSubject, "The token names no user: its subject (sub) claim is missing or empty."),
            SecurityTokenExpiredException e => (AccessReasons.TokenExpired, $"The token expired at {Utc(e.Expires)}."),
            SecurityTokenNotYetValidException e => (AccessReasons.TokenNotYetValid, $"The token is not valid before {Utc(e.NotBefore)}."),
            SecurityTokenNoExpirationException => (AccessReasons.InvalidLifetime, "The token has no expiry (exp)."),
            SecurityTokenInvalidLifetimeException => (AccessReasons.InvalidLifetime, "The token's lifetime is invalid: its nbf is after its exp."),
            SecurityTokenInvalidAudienceException => (AccessReasons.InvalidAudience, "The token's audience (aud) is not this service's."),
            SecurityTokenInvalidIssuerException => (AccessReasons.InvalidIssuer, "The token's issuer (iss) is not one this service trusts."),
            SecurityTokenInvalidAlgorithmException => (AccessReasons.InvalidSignature, "The token's signature uses an algorithm this service does not accept."),
            SecurityTokenInvalidSignatureException => (AccessReasons.InvalidSignature,
                "The token's signature does not verify with this service's keys: it is unsigned, signed with another key or an algorithm this service does not accept, or was changed after signing."),
            SecurityTokenMalformedException or ArgumentException => (AccessReasons.MalformedToken,
                "The bearer token is not a well-formed JSON Web Token (three base64url parts: header.payload.signature)."),
            _ => (AccessReasons.InvalidToken, "The token was refused."),
        };
        return (reason, detail, "invalid_token");
    }

    /// <summary>No token reached the validator: no Authorization header, another scheme, or an empty Bearer one.</summary>
    private static (string Reason, string Detail, string? Error) NoBearerToken(HttpRequest request)
    {
        var value = request.Headers.Authorization.ToString().Trim();
        if (value.Length == 0)
        {
            return (AccessReasons.MissingToken, "No bearer token was sent: send the header Authorization: Bearer <token>.", null);
        }

        var space = value.IndexOf(' ', StringComparison.Ordinal);
        var scheme = space < 0 ? value : value[..space];
        return scheme.Equals(BearerScheme, StringComparison.OrdinalIgnoreCase)
            ? (AccessReasons.MalformedToken, "The Authorization header names the Bearer scheme but carries no token.", "invalid_request")
            : (AccessReasons.MalformedToken, "The Authorization header does not use the Bearer scheme: send Authorization: Bearer <token>.", null);
    }

    /// <summary>RFC 6750 section 3; the description is one of this class's own texts (printable ASCII without quotes or backslashes).</summary>
    private static string Challenge(string? error, string detail) =>
        error is null ? BearerScheme : $"{BearerScheme} error=\"{error}\", error_description=\"{detail}\"";

    private static string Utc(DateTime time) => (time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time.ToUniversalTime()).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static async Task WriteAsync(HttpContext context, int status, string code, string title, string reason, string detail)
    {
        var problem = Problems.Create(context, status, code, title, detail);
        problem.ProblemDetails.Extensions["reason"] = reason;
        await problem.ExecuteAsync(context);
    }
}
