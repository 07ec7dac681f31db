namespace Discounts.Core.Common;

/// <summary>Who is asking: the token's subject, e-mail and account creation time, the client IP and the storefront's device fingerprint.</summary>
public sealed record Caller(string UserId, string? Email = null, string? Ip = null, string? DeviceFingerprint = null, DateTime? AccountCreatedAt = null)
{
    public string Actor => $"user:{UserId}";
}
