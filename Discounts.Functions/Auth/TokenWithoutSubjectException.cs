using Microsoft.IdentityModel.Tokens;

namespace Discounts.Functions.Auth;

/// <summary>A correctly signed, current token that names no user (no or an empty <c>sub</c>): refused with 401.</summary>
public sealed class TokenWithoutSubjectException : SecurityTokenValidationException
{
    public TokenWithoutSubjectException()
        : base("The token has no subject (sub).")
    {
    }

    public TokenWithoutSubjectException(string message)
        : base(message)
    {
    }

    public TokenWithoutSubjectException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
