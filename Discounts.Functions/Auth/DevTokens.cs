using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Discounts.Functions.Auth;

/// <summary>Mints development tokens signed with the local HS256 key (the <c>token</c> command, and tests).</summary>
public static class DevTokens
{
    public static SymmetricSecurityKey Key(AuthOptions options) => new(Encoding.UTF8.GetBytes(options.SigningKey!));

    public static string Create(AuthOptions options, string userId, string? email, bool admin, DateTimeOffset now, TimeSpan? lifetime = null)
    {
        if (string.IsNullOrEmpty(options.SigningKey) || Encoding.UTF8.GetByteCount(options.SigningKey) < AuthOptions.MinimumKeyBytes)
        {
            throw new InvalidOperationException($"Auth:SigningKey must be set to at least {AuthOptions.MinimumKeyBytes} bytes to mint local tokens.");
        }

        var claims = new List<Claim> { new("sub", userId) };
        if (email is not null)
        {
            claims.Add(new Claim("email", email));
        }

        if (admin)
        {
            claims.Add(new Claim("role", "admin"));
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + (lifetime ?? TimeSpan.FromHours(12))).UtcDateTime,
            SigningCredentials = new SigningCredentials(Key(options), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
