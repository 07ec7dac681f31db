namespace Discounts.Core.Checkout;

/// <summary>What the payment provider said when asked to expire a session.</summary>
public enum SessionExpiryStatus
{
    /// <summary>The session is expired now (by this call or before): it can no longer be paid.</summary>
    Expired,

    /// <summary>The customer completed the session; <see cref="SessionExpiry.PaymentStatus"/> says whether it is paid.</summary>
    Complete,

    /// <summary>The provider could not be reached; keep the hold and try again later.</summary>
    Unavailable,
}

public sealed record SessionExpiry(SessionExpiryStatus Status, string? PaymentStatus = null, string? PaymentIntentId = null)
{
    public bool IsPaid => Status == SessionExpiryStatus.Complete && PaymentStatus is "paid" or "no_payment_required";
}
