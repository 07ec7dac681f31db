namespace Discounts.Functions.Auth;

/// <summary>
/// The stable <c>reason</c> of a 401 (<c>code</c> "unauthenticated") or of the framework's 403 (<c>code</c>
/// "forbidden"): why the caller was refused, for programs; the problem's <c>detail</c> says it for people.
/// </summary>
public static class AccessReasons
{
    /// <summary>No Authorization header.</summary>
    public const string MissingToken = "missing_token";

    /// <summary>Not a JWT, bad base64url or JSON, an empty Bearer header, or another scheme (Basic).</summary>
    public const string MalformedToken = "malformed_token";

    public const string TokenExpired = "token_expired";

    public const string TokenNotYetValid = "token_not_yet_valid";

    /// <summary>No <c>exp</c>, or an <c>nbf</c> after the <c>exp</c>.</summary>
    public const string InvalidLifetime = "invalid_lifetime";

    public const string InvalidAudience = "invalid_audience";

    public const string InvalidIssuer = "invalid_issuer";

    /// <summary>Unsigned, signed with another key, with an algorithm not accepted, or changed after signing.</summary>
    public const string InvalidSignature = "invalid_signature";

    /// <summary>A valid token without a <c>sub</c>: it names no user.</summary>
    public const string NoSubject = "no_subject";

    /// <summary>Refused for a reason none of the above names.</summary>
    public const string InvalidToken = "invalid_token";

    /// <summary>403: authenticated, but the function needs a role the caller does not have.</summary>
    public const string RoleRequired = "role_required";
}
