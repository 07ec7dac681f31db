using System.Security.Claims;
using Discounts.Core.Common;

namespace Discounts.Functions.Http;

public static class CallerExtensions
{
    public const string DeviceFingerprintHeader = "X-Device-Fingerprint";

    /// <summary>Optional token claim: when the account was created (Unix seconds), a risk signal.</summary>
    public const string AccountCreatedClaim = "account_created_at";

    /// <summary>The authenticated caller, or null for an anonymous request.</summary>
    public static Caller? Caller(this HttpContext context)
    {
        var user = context.User;
        var sub = user.FindFirstValue("sub");
        if (user.Identity?.IsAuthenticated != true || string.IsNullOrEmpty(sub))
        {
            return null;
        }

        var fingerprint = context.Request.Headers[DeviceFingerprintHeader].ToString();
        return new Caller(
            sub,
            user.FindFirstValue("email"),
            context.ClientIp(),
            fingerprint.Length is > 0 and <= 200 ? fingerprint : null,
            long.TryParse(user.FindFirstValue(AccountCreatedClaim), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var created) && created is > 0 and < 253402300800
                ? DateTimeOffset.FromUnixTimeSeconds(created).UtcDateTime
                : null);
    }

    /// <summary>The caller of a function that requires a token (the route's policy has already checked it).</summary>
    public static Caller RequiredCaller(this HttpContext context) =>
        context.Caller() ?? throw new InvalidOperationException("An authenticated caller is required by the route's policy.");

    public static bool TryRouteGuid(this HttpContext context, string name, out Guid value) =>
        Guid.TryParse(context.Request.RouteValues[name]?.ToString(), out value);
}
