namespace Discounts.Core.Reservations;

public enum HoldReleaseResult
{
    /// <summary>The hold was released now and its slot returned.</summary>
    Released,

    /// <summary>The hold was no longer active (released before, refunded, over limit).</summary>
    NotActive,

    /// <summary>The provider says the customer paid: the usage is confirmed instead (EC-011).</summary>
    Paid,

    /// <summary>The customer completed checkout with a delayed payment method (EC-012).</summary>
    PaymentPending,

    /// <summary>The provider could not be reached: the hold is kept and tried again later.</summary>
    Unavailable,
}
